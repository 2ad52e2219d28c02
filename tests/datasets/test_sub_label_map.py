import json
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from dad_plugins.datasets import (
    AnnotationError,
    SubLabelMap,
    propose_sub_label_map,
    read_class_names,
    read_sub_label_map,
)

REPO = Path(__file__).resolve().parents[2]
SHIPPED = REPO / 'dad_plugins' / 'datasets' / 'sub_labels'
TOOL = REPO / 'tools' / 'data' / 'propose_sub_labels.py'
CLASS_NAMES = ['Holding a cup', 'Drinking from a cup', 'Holding a book', 'Walking']


@pytest.fixture
def sub_label_map() -> SubLabelMap:
    """Entities cup, book; motions hold, drink, walk; "Walking" has no entity."""
    return SubLabelMap(
        entity_classes=('cup', 'book'),
        motion_classes=('hold', 'drink', 'walk'),
        action_to_entity=(0, 0, 1, -1),
        action_to_motion=(0, 1, 0, 2),
    )


@pytest.fixture
def valid_file_content(sub_label_map) -> dict:
    return sub_label_map.to_json(CLASS_NAMES)


@pytest.mark.parametrize(
    ('dataset', 'num_entities', 'num_motions'), [('charades', 38, 38), ('multithumos', 28, 50)]
)
def test_shipped_maps(shared_data, dataset, num_entities, num_motions):
    names = read_class_names(shared_data / f'{dataset}_classes.txt').names
    sub_label_map = read_sub_label_map(SHIPPED / f'{dataset}.json', names)
    assert sub_label_map.num_classes('entity') == num_entities
    assert sub_label_map.num_classes('motion') == num_motions
    entity, motion = sub_label_map.matrix('entity'), sub_label_map.matrix('motion')
    assert entity.shape == (len(names), num_entities) and motion.shape == (len(names), num_motions)
    assert np.all(entity.sum(1) + motion.sum(1) >= 1), 'an action without component'
    assert np.all(entity.sum(0) >= 1) and np.all(motion.sum(0) >= 1), 'an unused sub-class'
    assert entity.sum(1).max() == 1 and motion.sum(1).max() == 1


def test_shipped_map_examples(shared_data):
    names = read_class_names(shared_data / 'multithumos_classes.txt').names
    data = read_sub_label_map(SHIPPED / 'multithumos.json', names).to_json(names)
    by_name = {action['action']: (action['entity'], action['motion']) for action in data['actions']}
    assert by_name['HammerThrowSpin'] == ('hammer', 'spin')
    assert by_name['WeightliftingClean'] == ('barbell', 'clean')
    assert by_name['Walk'] == (None, 'walk')


def test_matrix_and_sub_labels(sub_label_map):
    np.testing.assert_array_equal(sub_label_map.matrix('entity'), [[1, 0], [1, 0], [0, 1], [0, 0]])
    assert sub_label_map.matrix('motion').dtype == np.float32
    labels = np.zeros((6, 4), dtype=np.float32)  # (T, C)
    labels[0:3, 0] = 1  # holding a cup
    labels[2:5, 1] = 1  # drinking from a cup, overlapping at t = 2
    labels[4:6, 2] = 1  # holding a book
    labels[1:2, 3] = 1  # walking
    sub_labels = sub_label_map.sub_labels(labels)
    assert set(sub_labels) == {'entity', 'motion'}
    assert sub_labels['entity'].dtype == sub_labels['motion'].dtype == np.float32
    np.testing.assert_array_equal(
        sub_labels['entity'], [[1, 0], [1, 0], [1, 0], [1, 0], [1, 1], [0, 1]]
    )
    np.testing.assert_array_equal(
        sub_labels['motion'],
        [[1, 0, 0], [1, 0, 1], [1, 1, 0], [0, 1, 0], [1, 1, 0], [1, 0, 0]],
    )
    with pytest.raises(ValueError, match=r'expected \(T, 4\)'):
        sub_label_map.sub_labels(np.zeros((6, 3)))
    with pytest.raises(ValueError, match='Unknown sub-label kind'):
        sub_label_map.matrix('verb')


def test_map_rejects_bad_indices():
    with pytest.raises(ValueError, match='entity index 2 outside'):
        SubLabelMap(('cup', 'book'), ('hold',), (2,), (0,))
    with pytest.raises(ValueError, match='1 entity indices but 2 motion indices'):
        SubLabelMap(('cup',), ('hold',), (0,), (0, 0))


def test_read_round_trip(tmp_path, sub_label_map, valid_file_content):
    path = tmp_path / 'sub_labels.json'
    path.write_text(json.dumps(valid_file_content))
    assert read_sub_label_map(path, CLASS_NAMES) == sub_label_map
    assert valid_file_content['actions'][3] == {
        'action': 'Walking',
        'entity': None,
        'motion': 'walk',
    }


_DELETE = object()


def _edited(content: dict, keys: tuple, value=_DELETE) -> dict:
    """A copy of ``content`` with ``content[keys[0]][keys[1]]...`` set to ``value`` or deleted."""
    content = json.loads(json.dumps(content))
    parent = content
    for key in keys[:-1]:
        parent = parent[key]
    if value is _DELETE:
        del parent[keys[-1]]
    else:
        parent[keys[-1]] = value
    return content


@pytest.mark.parametrize(
    ('edit', 'message'),
    [
        (lambda c: _edited(c, ('motion_classes',)), r"field 'motion_classes': missing"),
        (lambda c: _edited(c, ('actions',)), r"field 'actions': missing"),
        (
            lambda c: _edited(c, ('entity_classes',), ['cup', 'book', 'cup']),
            r"field 'entity_classes': duplicate name 'cup'",
        ),
        (
            lambda c: _edited(c, ('actions',), c['actions'][:3]),
            r"field 'actions': 3 actions, but the class file has 4 classes",
        ),
        (
            lambda c: _edited(c, ('actions', 2, 'action'), 'Holding a bag'),
            r"field 'actions\[2\].action': is 'Holding a bag', but class 2 of the class file is "
            r"'Holding a book'",
        ),
        (
            lambda c: _edited(c, ('actions', 1, 'entity'), 'glass'),
            r"field 'actions\[1\].entity': 'glass' of action 'Drinking from a cup' is not in "
            r'entity_classes',
        ),
        (
            lambda c: _edited(c, ('actions', 0, 'entity'), ['cup']),
            r"field 'actions\[0\].entity': \['cup'\] of action 'Holding a cup' is not in "
            r'entity_classes',
        ),
        (
            lambda c: _edited(c, ('actions', 3, 'motion'), 'run'),
            r"field 'actions\[3\].motion': 'run' of action 'Walking' is not in motion_classes",
        ),
        (
            lambda c: _edited(c, ('actions', 0, 'motion')),
            r"field 'actions\[0\].motion': missing",
        ),
        (
            lambda c: _edited(c, ('actions', 3, 'motion'), None),
            r"field 'actions\[3\]': action 'Walking' has neither entity nor motion",
        ),
    ],
)
def test_read_errors_name_file_and_field(tmp_path, valid_file_content, edit, message):
    path = tmp_path / 'sub_labels.json'
    path.write_text(json.dumps(edit(valid_file_content)))
    with pytest.raises(AnnotationError, match=rf'^{re.escape(str(path))}, {message}'):
        read_sub_label_map(path, CLASS_NAMES)


def test_read_rejects_non_json(tmp_path):
    path = tmp_path / 'sub_labels.json'
    path.write_text('{"entity_classes": [')
    with pytest.raises(AnnotationError, match=rf'^{re.escape(str(path))}: invalid JSON'):
        read_sub_label_map(path, CLASS_NAMES)
    path.write_text('[]')
    with pytest.raises(AnnotationError, match=rf'^{re.escape(str(path))}: expected a JSON object'):
        read_sub_label_map(path, CLASS_NAMES)


@pytest.mark.parametrize(
    ('name', 'entity', 'motion'),
    [
        ('Holding some clothes', 'clothes', 'hold'),
        ('Putting a cup/glass/bottle somewhere', 'cup/glass/bottle', 'put'),
        ('Taking a book from somewhere', 'book', 'take'),
        ('Putting on shoe/shoes', 'shoe/shoes', 'put on'),
        ('Turning off a light', 'light', 'turn off'),
        ('Sitting on a table', 'table', 'sit'),
        ('Snuggling with a pillow', 'pillow', 'snuggle'),
        ('Watching/Reading/Looking at a book', 'book', 'watch'),
        ('Holding a cup/glass/bottle of something', 'cup/glass/bottle', 'hold'),
        ('Someone is laughing', None, 'laugh'),
        ('Someone is standing up from somewhere', None, 'stand up'),
        ('BasketballDunk', 'basketball', 'dunk'),
        ('HammerThrowSpin', 'hammer', 'throw spin'),
        ('VolleyballSpiking', 'volleyball', 'spike'),
        ('GolfSwing', 'golf', 'swing'),
        ('PatPerson', 'person', 'pat'),
        ('TalkToCamera', 'camera', 'talk'),
        ('StandUp', None, 'stand up'),
        ('Walk', None, 'walk'),
        ('Diving', None, 'dive'),
    ],
)
def test_propose_examples(name, entity, motion):
    action = propose_sub_label_map([name]).to_json([name])['actions'][0]
    assert (action['entity'], action['motion']) == (entity, motion)


def test_proposal_shares_sub_classes_and_round_trips(tmp_path):
    names = ['Holding a book', 'Putting a book somewhere', 'Holding a cup', 'Someone is laughing']
    proposal = propose_sub_label_map(names)
    assert proposal.entity_classes == ('book', 'cup')
    assert proposal.motion_classes == ('hold', 'put', 'laugh')
    assert proposal.action_to_entity == (0, 0, 1, -1)
    assert proposal == propose_sub_label_map(names)
    path = tmp_path / 'proposal.json'
    path.write_text(json.dumps(proposal.to_json(names)))
    assert read_sub_label_map(path, names) == proposal


def test_proposal_of_real_class_lists_reads_back(shared_data, tmp_path):
    for dataset in ('charades', 'multithumos'):
        names = read_class_names(shared_data / f'{dataset}_classes.txt').names
        path = tmp_path / f'{dataset}.json'
        path.write_text(json.dumps(propose_sub_label_map(names).to_json(names)))
        assert read_sub_label_map(path, names).num_actions == len(names)


def _run_tool_processes(*arg_lists: list[str]) -> list[subprocess.CompletedProcess]:
    """Run the tool once per argument list, all at once (each process pays the torch import)."""
    env = dict(os.environ, OMP_NUM_THREADS='1', PYTHONPATH=str(REPO))
    processes = [
        subprocess.Popen(
            [sys.executable, str(TOOL), *args],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for args in arg_lists
    ]
    results = []
    for args, process in zip(arg_lists, processes):
        stdout, stderr = process.communicate(timeout=300)
        results.append(subprocess.CompletedProcess(args, process.returncode, stdout, stderr))
    return results


def test_propose_tool(tmp_path, monkeypatch, capsys):
    class_file = tmp_path / 'classes.txt'
    class_file.write_text('c000 Holding a book\nc001 Opening a book\nc002 Someone is laughing\n')
    names = read_class_names(class_file).names
    out = tmp_path / 'maps' / 'sub_labels.json'
    edited = tmp_path / 'edited.json'
    edited.write_text('edited by hand')
    written, refused, missing = _run_tool_processes(
        [str(class_file), str(out)],
        [str(class_file), str(edited)],
        [str(tmp_path / 'missing.txt'), str(tmp_path / 'other.json')],
    )

    assert written.returncode == 0, written.stderr
    assert '3 actions, 1 entity classes (1 actions without), 3 motion classes' in written.stdout
    assert 'edit' in written.stdout
    assert read_sub_label_map(out, names).motion_classes == ('hold', 'open', 'laugh')
    assert list(out.parent.iterdir()) == [out]

    assert refused.returncode == 1 and refused.stderr.startswith('error: ')
    assert '--force' in refused.stderr and edited.read_text() == 'edited by hand'

    assert missing.returncode == 1
    assert missing.stderr.startswith('error: ') and 'missing.txt' in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    assert not (tmp_path / 'other.json').exists()

    monkeypatch.setattr(sys, 'argv', [str(TOOL), str(class_file), str(edited), '--force'])
    runpy.run_path(str(TOOL), run_name='__main__')
    assert 'Wrote' in capsys.readouterr().out
    assert read_sub_label_map(edited, names).num_actions == 3
