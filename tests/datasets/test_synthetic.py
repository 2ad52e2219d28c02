import hashlib
import json
import runpy
import sys
from pathlib import Path

import numpy as np
import pytest
from scipy.ndimage import uniform_filter1d
from threadpoolctl import threadpool_limits

from dad_plugins.datasets.sub_label_map import read_sub_label_map
from dad_plugins.datasets.synthetic import (
    CHARADES_ACTIVE_TOKEN_FRACTION,
    CHARADES_MEAN_DURATION,
    CHARADES_MEAN_LABELS_PER_TOKEN,
    CHARADES_SEGMENTS_PER_VIDEO_COUNTS,
    MAX_NUM_CLASSES,
    make_synthetic_dataset,
)
from dad_plugins.datasets.synthetic import generator as synthetic
from dad_plugins.structures.label_rules import segments_to_frame_labels

CLI = Path(__file__).parents[2] / 'tools' / 'data' / 'make_synthetic.py'


@pytest.fixture(scope='module')
def dataset(tmp_path_factory):
    """The default-size dataset, with its files loaded."""
    out = tmp_path_factory.mktemp('synthetic')
    summary = make_synthetic_dataset(out)
    annotations = json.loads((out / 'annotations.json').read_text())
    sub_labels = read_sub_label_map(out / 'sub_labels.json', summary['classes'])
    videos = load_videos(out, annotations, summary['num_classes'])
    return out, summary, annotations, sub_labels, videos


def load_videos(out, annotations, num_classes):
    """``{video_id: (features (T, D), entity_features (T, D_ent), labels (T, C))}``."""
    videos = {}
    for video_id, video in annotations.items():
        features = np.load(out / 'features' / f'{video_id}.npy')
        actions = np.array(video['actions'], dtype=np.float64).reshape(-1, 3)
        labels = segments_to_frame_labels(
            actions[:, 1:],
            actions[:, 0].astype(np.int64),
            len(features),
            len(features) / video['duration'],
            num_classes,
        )
        entity_features = np.load(out / 'entity_features' / f'{video_id}.npy')
        videos[video_id] = (features, entity_features, labels)
    return videos


def stack(videos, annotations, subset, window=1, stream=0):
    """Tokens ``(N, D)`` of one subset, optionally averaged over ``window`` tokens, and labels."""
    ids = [v for v in videos if annotations[v]['subset'] == subset]
    feats = [uniform_filter1d(videos[v][stream], window, axis=0, mode='nearest') for v in ids]
    return np.concatenate(feats), np.concatenate([videos[v][2] for v in ids])


def ridge_scores(train_x, train_y, test_x):
    """Scores of a ridge regression (with bias) from tokens to labels."""
    train_x = np.c_[train_x, np.ones(len(train_x))]
    test_x = np.c_[test_x, np.ones(len(test_x))]
    with threadpool_limits(1):  # small products: extra BLAS threads only add contention
        gram = train_x.T @ train_x + np.eye(train_x.shape[1])
        weights = np.linalg.solve(gram, train_x.T @ train_y)
        return test_x @ weights


def mean_ap(labels, scores):
    """Mean over classes with positives of the non-interpolated average precision."""
    order = np.argsort(-scores, axis=0)  # (N, C)
    hits = np.take_along_axis(labels, order, axis=0)  # (N, C)
    precision = np.cumsum(hits, axis=0) / np.arange(1, len(hits) + 1)[:, None]
    present = hits.sum(0) > 0
    return np.mean((precision * hits).sum(0)[present] / hits.sum(0)[present])


def read_all(root):
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob('*')) if p.is_file()
    }


def test_files_and_shapes(dataset):
    out, summary, annotations, _, videos = dataset
    assert len(annotations) == 320
    assert sorted(p.stem for p in (out / 'features').iterdir()) == sorted(annotations)
    assert sorted(p.stem for p in (out / 'entity_features').iterdir()) == sorted(annotations)
    for video_id, video in annotations.items():
        features = np.load(out / 'features' / f'{video_id}.npy')
        entity_features = np.load(out / 'entity_features' / f'{video_id}.npy')
        assert features.dtype == entity_features.dtype == np.float32
        assert features.shape == (round(video['duration'] * 3.0), 64)
        assert entity_features.shape == (len(features), 16)
        assert np.isfinite(features).all() and np.isfinite(entity_features).all()
    assert summary['annotations'] == str(out / 'annotations.json')
    assert summary['num_segments'] == sum(len(v['actions']) for v in annotations.values())
    assert not list(out.rglob('*.tmp'))


def test_annotation_schema(dataset):
    _, summary, annotations, _, _ = dataset
    subsets = [v['subset'] for v in annotations.values()]
    assert subsets.count('training') == 240 and subsets.count('testing') == 80
    for video_id, video in annotations.items():
        assert set(video) == {'subset', 'duration', 'actions'}
        assert video_id.startswith('train_' if video['subset'] == 'training' else 'test_')
        assert isinstance(video['duration'], float) and video['duration'] > 0
        for class_id, start, end in video['actions']:
            assert isinstance(class_id, int) and 0 <= class_id < summary['num_classes']
            assert 0.0 <= start < end <= video['duration']


def test_classes_and_sub_labels(dataset):
    out, summary, annotations, sub_labels, _ = dataset
    lines = (out / 'classes.txt').read_text().splitlines()
    assert [line.split(' ', 1)[0] for line in lines] == [f'c{i:03d}' for i in range(24)]
    names = [line.split(' ', 1)[1] for line in lines]
    assert names == summary['classes'] and len(set(names)) == 24
    entities, motions = sub_labels.entity_classes, sub_labels.motion_classes
    to_entity, to_motion = sub_labels.action_to_entity, sub_labels.action_to_motion
    assert len(to_entity) == len(to_motion) == 24
    for name, entity, motion in zip(names, to_entity, to_motion):
        assert name == f'{motions[motion]} {entities[entity]}'
    pairs = set(zip(to_entity, to_motion))
    assert len(pairs) == 24 < len(entities) * len(motions)  # not every combination exists
    assert set(to_entity) == set(range(len(entities)))
    assert set(to_motion) == set(range(len(motions)))
    # entities and motions are shared between classes: the ambiguity the sub-labels resolve
    assert min(np.bincount(to_entity)) >= 2 and max(np.bincount(to_motion)) >= 3
    used = {c for v in annotations.values() for c, _, _ in v['actions']}
    assert used == set(range(24))


def test_text_embeddings_place_names_sharing_words_close(dataset):
    out, summary, _, sub_labels, _ = dataset
    text = {
        kind: np.load(out / 'text_embeddings' / f'{kind}.npy')
        for kind in ('actions', 'entity', 'motion')
    }
    assert text['actions'].shape == (24, 32) and text['actions'].dtype == np.float32
    assert text['entity'].shape == (len(sub_labels.entity_classes), 32)
    assert text['motion'].shape == (len(sub_labels.motion_classes), 32)
    np.testing.assert_allclose(np.linalg.norm(text['actions'], axis=1), 1.0, rtol=1e-5)
    action = {name: vector for name, vector in zip(summary['classes'], text['actions'])}
    entity = dict(zip(sub_labels.entity_classes, text['entity']))
    assert action['hold cup'] @ action['hold book'] > action['hold cup'] @ action['open door']
    assert action['take cup'] @ entity['cup'] > action['take cup'] @ entity['book']


def dataset_digest(root):
    """sha256 over every file's relative path and bytes, in path order."""
    digest = hashlib.sha256()
    for name, content in read_all(root).items():
        digest.update(name.encode())
        digest.update(content)
    return digest.hexdigest()


def test_default_dataset_bytes_are_pinned(dataset):
    """The default dataset (seed 0) the model zoo numbers were measured on does not change."""
    assert dataset_digest(dataset[0]) == (
        '51e94f83faa55434f703084bed918255597ac346030ffec9e1c66c9009c212ae'
    )


def test_same_seed_same_bytes_and_splits_independent(tmp_path):
    make_synthetic_dataset(tmp_path / 'a', num_train=5, num_test=2, seed=3)
    make_synthetic_dataset(tmp_path / 'b', num_train=5, num_test=2, seed=3)
    make_synthetic_dataset(tmp_path / 'c', num_train=5, num_test=4, seed=3)
    make_synthetic_dataset(tmp_path / 'd', num_train=5, num_test=2, seed=4)
    a, b, c, d = (read_all(tmp_path / name) for name in 'abcd')
    assert len(a) == 3 + 3 + 2 * 7  # annotations, classes, sub-labels, 3 text files, 7 videos
    assert a == b
    train_files = [k for k in a if 'train_' in k]
    assert all(a[k] == c[k] for k in train_files)
    assert all(a[k] != d[k] for k in train_files)
    assert a['annotations.json'] != d['annotations.json']


def test_statistics_follow_charades(dataset):
    _, summary, annotations, _, videos = dataset
    stats = summary['stats']
    counts = np.asarray(CHARADES_SEGMENTS_PER_VIDEO_COUNTS)
    charades_segments = (counts * np.arange(len(counts))).sum() / counts.sum()
    assert abs(stats['mean_duration'] - CHARADES_MEAN_DURATION) < 2.0
    assert abs(stats['segments_per_video'] - charades_segments) < 0.75
    assert abs(stats['active_token_fraction'] - CHARADES_ACTIVE_TOKEN_FRACTION) < 0.06
    assert abs(stats['mean_labels_per_token'] - CHARADES_MEAN_LABELS_PER_TOKEN) < 0.5
    assert 0 < stats['empty_video_fraction'] < 0.1
    labels = np.concatenate([v[2] for v in videos.values()])
    assert stats['active_token_fraction'] == pytest.approx(labels.any(1).mean())
    assert stats['mean_labels_per_token'] == pytest.approx(labels.sum(1).mean())
    # short and long instances, and background stretches inside annotated videos
    relative = np.array(
        [(e - s) / v['duration'] for v in annotations.values() for _, s, e in v['actions']]
    )
    assert (relative < 0.1).mean() > 0.02 and (relative > 0.8).mean() > 0.05
    background = [~y.any(1) for y in (v[2] for v in videos.values()) if y.any()]  # (T,) each
    one_second = [np.convolve(b, np.ones(3), 'valid').max() == 3 for b in background]
    assert np.mean(one_second) > 0.15


def test_temporal_order(dataset):
    """A script's next phase starts within 3 s of the previous one's end far above chance."""
    _, summary, annotations, _, _ = dataset
    index = {name: i for i, name in enumerate(summary['classes'])}
    num_classes = len(index)
    present, follows = np.zeros(num_classes), np.zeros((num_classes, num_classes))
    for video in annotations.values():
        for a in {c for c, _, _ in video['actions']}:
            present[a] += 1
        for a, _, end_a in video['actions']:
            for b, start_b, _ in video['actions']:
                follows[a, b] += a != b and end_a - 1.5 <= start_b <= end_a + 3.0
    rate = follows / present[:, None]  # P(b starts near the end of a | a in the video)
    chance = rate[~np.eye(num_classes, dtype=bool)].mean()
    ordered = [
        ('take cup', 'hold cup'),
        ('take book', 'hold book'),
        ('sit on chair', 'stand up from chair'),
        ('open door', 'walk through door'),
        ('walk through door', 'close door'),
    ]
    for a, b in ordered:
        assert rate[index[a], index[b]] > 0.6
        assert rate[index[a], index[b]] > 10 * chance
        assert rate[index[b], index[a]] < 0.2  # the order, not just proximity


def test_co_occurrence(dataset):
    _, summary, _, _, videos = dataset
    index = {name: i for i, name in enumerate(summary['classes'])}
    labels = np.concatenate([v[2] for v in videos.values()]).astype(bool)
    for carrier, inner in (('hold cup', 'drink from cup'), ('hold food', 'eat food')):
        c, i = index[carrier], index[inner]
        assert labels[labels[:, i], c].mean() > 0.8  # the inner action happens while holding
        assert labels[labels[:, c], i].mean() > 3 * labels[:, i].mean()


def test_signal_learnable_but_ambiguous_per_token(dataset):
    _, summary, annotations, _, videos = dataset
    train_x, train_y = stack(videos, annotations, 'training')
    test_x, test_y = stack(videos, annotations, 'testing')
    scores = ridge_scores(train_x, train_y, test_x)
    token_map = mean_ap(test_y, scores)
    chance = test_y.mean()
    assert 2.5 * chance < token_map < 0.6
    train_w, _ = stack(videos, annotations, 'training', window=9)
    test_w, _ = stack(videos, annotations, 'testing', window=9)
    window_map = mean_ap(test_y, ridge_scores(train_w, train_y, test_w))
    assert window_map > token_map + 0.1
    # a shared motion confuses the per-token classifier: 'hold book' scores high on 'hold cup'
    index = {name: i for i, name in enumerate(summary['classes'])}
    book = [index[n] for n in summary['classes'] if n.endswith(' book')]
    holds = [index[n] for n in summary['classes'] if n.startswith('hold ')]
    hold_cup_only = (test_y[:, index['hold cup']] > 0) & (test_y[:, book].sum(1) == 0)
    unrelated = (test_y[:, holds].sum(1) == 0) & (test_y[:, book].sum(1) == 0)
    hold_book = scores[:, index['hold book']]
    assert hold_book[hold_cup_only].mean() > hold_book[unrelated].mean() + 0.1


def test_entity_stream_follows_entities(dataset):
    _, _, annotations, sub_labels, videos = dataset
    to_entity = sub_labels.matrix('entity')
    train_x, train_y = stack(videos, annotations, 'training', stream=1)
    test_x, test_y = stack(videos, annotations, 'testing', stream=1)
    train_e, test_e = (train_y @ to_entity > 0) * 1.0, (test_y @ to_entity > 0) * 1.0
    entity_map = mean_ap(test_e, ridge_scores(train_x, train_e, test_x))
    clip_x, _ = stack(videos, annotations, 'training')
    clip_test_x, _ = stack(videos, annotations, 'testing')
    clip_entity_map = mean_ap(test_e, ridge_scores(clip_x, train_e, clip_test_x))
    assert entity_map > 0.7 and entity_map > clip_entity_map + 0.1
    # both streams together beat the clip stream alone on actions
    both = ridge_scores(np.c_[clip_x, train_x], train_y, np.c_[clip_test_x, test_x])
    assert mean_ap(test_y, both) > mean_ap(test_y, ridge_scores(clip_x, train_y, clip_test_x))


@pytest.mark.parametrize('num_classes', [2, 5, MAX_NUM_CLASSES])
def test_num_classes_configurable(tmp_path, num_classes):
    summary = make_synthetic_dataset(
        tmp_path, num_train=30, num_test=0, feat_dim=8, num_classes=num_classes, seed=1
    )
    sub_labels = read_sub_label_map(tmp_path / 'sub_labels.json', summary['classes'])
    annotations = json.loads((tmp_path / 'annotations.json').read_text())
    assert len((tmp_path / 'classes.txt').read_text().splitlines()) == num_classes
    assert len(sub_labels.action_to_entity) == num_classes == len(summary['classes'])
    assert max(c for v in annotations.values() for c, _, _ in v['actions']) < num_classes
    assert np.load(tmp_path / 'features' / 'train_00000.npy').shape[1] == 8


@pytest.mark.parametrize(
    'kwargs', [dict(num_classes=1), dict(num_classes=MAX_NUM_CLASSES + 1), dict(noise_rho=1.0)]
)
def test_invalid_arguments(tmp_path, kwargs):
    with pytest.raises(ValueError):
        make_synthetic_dataset(tmp_path, num_train=1, num_test=1, **kwargs)
    assert not (tmp_path / 'annotations.json').exists()


def test_interrupted_run_leaves_no_annotations(tmp_path, monkeypatch):
    make_synthetic_dataset(tmp_path, num_train=4, num_test=1)
    assert (tmp_path / 'annotations.json').exists()
    calls = []
    save = np.save

    def failing_save(*args, **kwargs):
        calls.append(1)
        if len(calls) > 3:
            raise KeyboardInterrupt
        save(*args, **kwargs)

    monkeypatch.setattr(synthetic.np, 'save', failing_save)
    with pytest.raises(KeyboardInterrupt):
        make_synthetic_dataset(tmp_path, num_train=4, num_test=1, seed=1)
    assert not (tmp_path / 'annotations.json').exists()


def test_cli(tmp_path, monkeypatch, capsys):
    out = tmp_path / 'cli'
    argv = [str(CLI), str(out), '--num-train', '3', '--num-test', '2', '--feat-dim', '12']
    monkeypatch.setattr(sys, 'argv', argv)
    runpy.run_path(str(CLI), run_name='__main__')
    printed = capsys.readouterr().out.strip().splitlines()
    assert len(printed) == 1 and '5 videos (3 training, 2 testing)' in printed[0]
    annotations = json.loads((out / 'annotations.json').read_text())
    assert len(annotations) == 5
    assert np.load(out / 'features' / 'test_00001.npy').shape[1] == 12
