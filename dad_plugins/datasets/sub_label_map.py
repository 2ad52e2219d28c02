"""Entity and motion sub-labels of action classes (RefDense, Sec. 3.2).

RefDense decomposes every action class into an *entity* sub-class (the object: "clothes",
"basketball") and a *motion* sub-class ("hold", "dunk"); an action may have only one of the two
("Walking" has no entity). Dense sub-labels are derived from the dense action labels, so they keep
the action boundaries: a sub-class is on at a token iff some action mapped to it is on there.

A sub-label file is JSON, one entry per action in the order of the class-name file::

    {
      "entity_classes": ["clothes", "cup/glass/bottle", ...],
      "motion_classes": ["hold", "put somewhere", ...],
      "actions": [
        {"action": "Holding some clothes", "entity": "clothes", "motion": "hold"},
        {"action": "Someone is laughing", "entity": null, "motion": "laugh"}
      ]
    }

The maps for Charades and MultiTHUMOS ship in ``dad_plugins/datasets/sub_labels/``;
:func:`propose_sub_label_map` drafts one for another class list, to be edited by hand.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dad_plugins.structures.sub_label_kinds import SUB_LABEL_KINDS
from dad_plugins.utils.input_errors import AnnotationError

from .annotation_readers import _read_json


@dataclass(frozen=True)
class SubLabelMap:
    """Map from ``C`` action classes to entity and motion sub-classes.

    Attributes:
        entity_classes (tuple[str, ...]): The ``C_ent`` entity names.
        motion_classes (tuple[str, ...]): The ``C_mot`` motion names.
        action_to_entity (tuple[int, ...]): ``C`` indices into ``entity_classes``, -1 for an
            action without entity.
        action_to_motion (tuple[int, ...]): ``C`` indices into ``motion_classes``, -1 for an
            action without motion.
    """

    entity_classes: tuple[str, ...]
    motion_classes: tuple[str, ...]
    action_to_entity: tuple[int, ...]
    action_to_motion: tuple[int, ...]

    def __post_init__(self) -> None:
        if len(self.action_to_entity) != len(self.action_to_motion):
            raise ValueError(
                f'{len(self.action_to_entity)} entity indices but '
                f'{len(self.action_to_motion)} motion indices'
            )
        for kind in SUB_LABEL_KINDS:
            names, indices = self._fields(kind)
            for index in indices:
                if not -1 <= index < len(names):
                    raise ValueError(f'{kind} index {index} outside [-1, {len(names)})')

    @classmethod
    def from_kinds(
        cls, names: dict[str, Sequence[str]], indices: dict[str, Sequence[int]]
    ) -> 'SubLabelMap':
        """The map from per-kind sub-class names and per-action indices.

        Args:
            names (dict): ``'entity'`` / ``'motion'``: the sub-class names in index order.
            indices (dict): ``'entity'`` / ``'motion'``: ``C`` indices into those names, -1
                for an action without a sub-class of that kind.
        """
        return cls(
            entity_classes=tuple(names['entity']),
            motion_classes=tuple(names['motion']),
            action_to_entity=tuple(indices['entity']),
            action_to_motion=tuple(indices['motion']),
        )

    @property
    def num_actions(self) -> int:
        """``C``, the number of action classes."""
        return len(self.action_to_entity)

    def num_classes(self, kind: str) -> int:
        """Number of sub-classes of ``kind`` (``'entity'`` or ``'motion'``)."""
        return len(self._fields(kind)[0])

    def matrix(self, kind: str) -> np.ndarray:
        """The 0/1 map from actions to the sub-classes of ``kind``.

        Args:
            kind (str): ``'entity'`` or ``'motion'``.

        Returns:
            np.ndarray: ``(C, C_kind)`` float32; row ``c`` is one-hot, or all zeros for an action
            without a sub-class of that kind.
        """
        names, indices = self._fields(kind)
        indices = np.asarray(indices, dtype=np.int64)  # (C,)
        matrix = np.zeros((self.num_actions, len(names)), dtype=np.float32)
        has_sub_class = indices >= 0
        matrix[np.nonzero(has_sub_class)[0], indices[has_sub_class]] = 1.0
        return matrix

    def sub_labels(self, frame_labels: np.ndarray) -> dict[str, np.ndarray]:
        """Dense entity and motion labels from dense action labels.

        Args:
            frame_labels (np.ndarray): ``(T, C)`` multi-hot action labels (non-zero is on).

        Returns:
            dict[str, np.ndarray]: ``'entity'``: ``(T, C_ent)`` and ``'motion'``: ``(T, C_mot)``
            float32 multi-hot labels; a sub-class is on at token ``t`` iff some action mapped to
            it is on at ``t``.
        """
        frame_labels = np.asarray(frame_labels)
        if frame_labels.ndim != 2 or frame_labels.shape[1] != self.num_actions:
            raise ValueError(
                f'expected (T, {self.num_actions}) action labels, got {frame_labels.shape}'
            )
        active = (frame_labels != 0).astype(np.float32)  # (T, C)
        return {
            kind: ((active @ self.matrix(kind)) > 0).astype(np.float32) for kind in SUB_LABEL_KINDS
        }

    def to_json(self, action_names: Sequence[str]) -> dict:
        """The sub-label file content (see the module docstring) for these action names.

        Args:
            action_names (Sequence[str]): The ``C`` class names, in class-file order.

        Returns:
            dict: ``entity_classes``, ``motion_classes`` and one ``actions`` entry per action.
        """
        if len(action_names) != self.num_actions:
            raise ValueError(f'{len(action_names)} action names for {self.num_actions} actions')
        actions = [
            {
                'action': name,
                'entity': self.entity_classes[entity] if entity >= 0 else None,
                'motion': self.motion_classes[motion] if motion >= 0 else None,
            }
            for name, entity, motion in zip(
                action_names, self.action_to_entity, self.action_to_motion
            )
        ]
        return {
            'entity_classes': list(self.entity_classes),
            'motion_classes': list(self.motion_classes),
            'actions': actions,
        }

    def _fields(self, kind: str) -> tuple[tuple[str, ...], tuple[int, ...]]:
        """Sub-class names and action-to-sub-class indices of ``kind``."""
        if kind == 'entity':
            return self.entity_classes, self.action_to_entity
        if kind == 'motion':
            return self.motion_classes, self.action_to_motion
        raise ValueError(f'Unknown sub-label kind {kind!r}; expected one of {SUB_LABEL_KINDS}')


def read_sub_label_map(path: str | Path, class_names: Sequence[str] | None = None) -> SubLabelMap:
    """Read and check a sub-label file against the dataset's class names.

    Args:
        path (str | Path): The sub-label JSON file.
        class_names (Sequence[str], optional): The ``C`` class names, in class-file order; None
            takes the file's own action names (everything else is still checked).

    Returns:
        SubLabelMap: The map; sub-class order is the file's.

    Raises:
        AnnotationError: Naming the file and the field, when the file is not JSON, a key is
            missing, a sub-class name is repeated, the actions differ from the class names in
            number or at a position, an entity or motion is not listed, or an action has neither.
    """
    data = _read_json(path)
    if not isinstance(data, dict):
        raise AnnotationError(path, 'expected a JSON object {"entity_classes", ...}')
    vocabularies = {
        kind: _read_vocabulary(path, data, f'{kind}_classes') for kind in SUB_LABEL_KINDS
    }
    if 'actions' not in data:
        raise AnnotationError(path, 'missing', field_name='actions')
    actions = data['actions']
    if not isinstance(actions, list):
        raise AnnotationError(path, 'expected a list', field_name='actions')
    if class_names is None:
        class_names = [a.get('action') if isinstance(a, dict) else None for a in actions]
    if len(actions) != len(class_names):
        raise AnnotationError(
            path,
            f'{len(actions)} actions, but the class file has {len(class_names)} classes',
            field_name='actions',
        )
    indices = {kind: [] for kind in SUB_LABEL_KINDS}
    for i, (action, class_name) in enumerate(zip(actions, class_names)):
        field_name = f'actions[{i}]'
        if not isinstance(action, dict):
            raise AnnotationError(
                path, f'expected an object, got {action!r}', field_name=field_name
            )
        for key in ('action', *SUB_LABEL_KINDS):
            if key not in action:
                raise AnnotationError(path, 'missing', field_name=f'{field_name}.{key}')
        if action['action'] != class_name:
            raise AnnotationError(
                path,
                f'is {action["action"]!r}, but class {i} of the class file is {class_name!r}',
                field_name=f'{field_name}.action',
            )
        for kind in SUB_LABEL_KINDS:
            name = action[kind]
            if name is not None and (not isinstance(name, str) or name not in vocabularies[kind]):
                raise AnnotationError(
                    path,
                    f'{name!r} of action {class_name!r} is not in {kind}_classes',
                    field_name=f'{field_name}.{kind}',
                )
            indices[kind].append(-1 if name is None else vocabularies[kind][name])
        if action['entity'] is None and action['motion'] is None:
            raise AnnotationError(
                path, f'action {class_name!r} has neither entity nor motion', field_name=field_name
            )
    return SubLabelMap.from_kinds(vocabularies, indices)


def _read_vocabulary(path: str | Path, data: dict, key: str) -> dict[str, int]:
    """Sub-class names of ``data[key]`` mapped to their index."""
    if key not in data:
        raise AnnotationError(path, 'missing', field_name=key)
    names = data[key]
    if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
        raise AnnotationError(path, 'expected a list of non-empty names', field_name=key)
    vocabulary = {}
    for name in names:
        if name in vocabulary:
            raise AnnotationError(path, f'duplicate name {name!r}', field_name=key)
        vocabulary[name] = len(vocabulary)
    return vocabulary


# Words that carry neither the object nor the motion of a phrase-style class name.
_FILLERS = frozenset(
    ('a', 'an', 'the', 'some', 'someone', 'is', 'somewhere', 'something', 'their', 'themselves')
)
# Words that end a phrase's entity (prepositions and conjunctions).
_LINKS = frozenset(
    ('at', 'in', 'into', 'from', 'with', 'to', 'of', 'for', 'through', 'outside', 'onto', 'or')
    + ('and', 'on', 'off', 'up', 'down', 'out')
)
# Particles kept with the verb before them ("take off", "stand up"); "on" only after the verbs
# where it changes the motion ("put on" shoes, "turn on" a light), not where it places it ("sit
# on" a table).
_PARTICLES = frozenset(('up', 'down', 'off', 'out'))
_ON_VERBS = frozenset(('put', 'turn', 'switch', 'try'))
# -ing forms the regular rules get wrong.
_IRREGULAR_ING = {
    'lying': 'lie',
    'dying': 'die',
    'tying': 'tie',
    'closing': 'close',
    'taking': 'take',
    'making': 'make',
    'smiling': 'smile',
    'using': 'use',
    'riding': 'ride',
    'writing': 'write',
    'having': 'have',
    'raising': 'raise',
    'spiking': 'spike',
    'wiping': 'wipe',
    'shaking': 'shake',
    'waking': 'wake',
    'consuming': 'consume',
    'skating': 'skate',
    'hoping': 'hope',
}
# Verbs that start a CamelCase name verb-first ("PatPerson", "ThrowDiscus", "StandUp").
_CAMEL_VERBS = frozenset(
    ('walk', 'run', 'sit', 'stand', 'jump', 'fall', 'pick', 'hug', 'pat', 'clap', 'throw', 'drop')
    + ('catch', 'talk', 'kick', 'hit', 'push', 'pull', 'turn', 'roll', 'bend', 'squat', 'swim')
    + ('climb', 'ride', 'lift', 'shoot', 'pass', 'serve', 'hold', 'put', 'take', 'open', 'wash')
    + ('eat', 'drink', 'dance', 'wave', 'point', 'carry', 'play', 'look', 'watch')
)
_CAMEL_WORD = re.compile(r'[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+')


def propose_sub_label_map(class_names: Sequence[str]) -> SubLabelMap:
    """Draft an entity/motion map for a class list, to be edited by hand.

    Two rule sets, chosen per name:

    - phrases with spaces (Charades style): the verb is the first word after "someone is" (the
      first of ``a/b`` alternatives), its -ing form lemmatised ("Taking" -> "take"); a particle
      right after it joins the motion ("Turning on a light" -> "turn on"); the entity is the last
      run of words that are neither fillers ("a", "some", "somewhere", "something", ...),
      prepositions nor -ing forms ("Putting a cup/glass/bottle somewhere" -> "cup/glass/bottle";
      "Someone is laughing" has none).
    - CamelCase names (MultiTHUMOS style), split into lower-case words: verb-first when the first
      word is a common verb ("PatPerson" -> motion "pat", entity "person"; "StandUp" -> motion
      "stand up"), otherwise the first word is the entity and the rest the motion
      ("HammerThrowSpin" -> "hammer", "throw spin"); a single word is a motion.

    Args:
        class_names (Sequence[str]): The ``C`` class names.

    Returns:
        SubLabelMap: Sub-classes in order of first use; every action has at least a motion.
    """
    vocabularies = {kind: {} for kind in SUB_LABEL_KINDS}
    indices = {kind: [] for kind in SUB_LABEL_KINDS}
    for name in class_names:
        entity, motion = _propose_phrase(name) if ' ' in name.strip() else _propose_camel(name)
        if entity is None and motion is None:
            motion = name.strip().lower() or '?'
        for kind, sub_class in zip(SUB_LABEL_KINDS, (entity, motion)):
            vocabulary = vocabularies[kind]
            index = -1 if sub_class is None else vocabulary.setdefault(sub_class, len(vocabulary))
            indices[kind].append(index)
    return SubLabelMap.from_kinds(vocabularies, indices)


def _lemmatise(word: str) -> str:
    """Base form of an -ing word ("putting" -> "put", "snuggling" -> "snuggle"); others as is."""
    if word in _IRREGULAR_ING:
        return _IRREGULAR_ING[word]
    if not _is_ing(word):
        return word
    stem = word[:-3]
    if stem[-1] == stem[-2] and stem[-1] not in 'aeiou':
        return stem if stem[-1] in 'lsz' else stem[:-1]  # rolling, dressing; putting, running
    if re.search(r'[bcdfgkptz]l$|[vcz]$', stem):
        return stem + 'e'  # snuggling, diving, dancing, sneezing
    return stem


def _is_ing(word: str) -> bool:
    """Whether ``word`` is an -ing form ("holding"), not a word like "swing" or "string"."""
    stem = word[:-3]
    return word.endswith('ing') and len(stem) >= 2 and re.search('[aeiouy]', stem) is not None


def _is_filler(word: str) -> bool:
    """Whether ``word`` (or every ``a/b`` alternative of it) is a filler word."""
    return all(part in _FILLERS for part in word.split('/'))


def _propose_phrase(name: str) -> tuple[str | None, str | None]:
    """Entity and motion of a phrase-style name ("Holding some clothes")."""
    words = name.lower().split()
    while words and words[0] in ('someone', 'is'):
        words = words[1:]
    if not words:
        return None, None
    verb = _lemmatise(words[0].split('/')[0])
    motion, rest = verb, words[1:]
    if rest and (rest[0] in _PARTICLES or (rest[0] == 'on' and verb in _ON_VERBS)):
        motion, rest = f'{verb} {rest[0]}', rest[1:]
    runs = [[]]  # runs of consecutive entity words
    for word in rest:
        if _is_filler(word) or word in _LINKS or _is_ing(word):
            runs.append([])
        else:
            runs[-1].append(word)
    entity = next((' '.join(run) for run in reversed(runs) if run), None)
    return entity, motion


def _propose_camel(name: str) -> tuple[str | None, str | None]:
    """Entity and motion of a CamelCase name ("BasketballDunk")."""
    words = [word.lower() for word in _CAMEL_WORD.findall(name)]
    if not words:
        return None, None
    if len(words) == 1:
        return None, _lemmatise(words[0])
    if _lemmatise(words[0]) in _CAMEL_VERBS:
        motion = [_lemmatise(words[0])]
        rest = words[1:]
        while rest and rest[0] in _PARTICLES | {'on'}:
            motion.append(rest.pop(0))
        entity = [word for word in rest if word not in _LINKS and not _is_filler(word)]
        return (' '.join(entity) or None), ' '.join(motion)
    motion = [_lemmatise(word) for word in words[1:] if word not in ('and', 'or')]
    return words[0], ' '.join(motion) or None
