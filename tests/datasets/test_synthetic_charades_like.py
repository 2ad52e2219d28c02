import json
import runpy
import sys

import numpy as np
import pytest
from mmengine.config import Config

from dad_plugins.datasets.sub_label_map import read_sub_label_map
from dad_plugins.datasets.synthetic import charades_like, make_charades_like_dataset
from dad_plugins.datasets.synthetic.features import video_features
from dad_plugins.registry import DATASETS
from dad_plugins.utils.input_errors import AnnotationError

from .test_synthetic import CLI, load_videos, mean_ap, read_all, ridge_scores, stack

CONFIGS = CLI.parents[2] / 'configs'


@pytest.fixture(scope='module')
def source(shared_data):
    return shared_data / 'charades.json'


@pytest.fixture(scope='module')
def dataset(source, tmp_path_factory):
    """A 400-video charades-like dataset with its frame labels, and the source videos by id."""
    out = tmp_path_factory.mktemp('charades_like')
    summary = make_charades_like_dataset(out, source, num_train=300, num_test=100)
    annotations = json.loads((out / 'annotations.json').read_text())
    videos = load_videos(out, annotations, summary['num_classes'])
    real = {v.video_id: v for split in charades_like.read_source(source).values() for v in split}
    return out, summary, annotations, videos, real


def test_videos_copy_the_label_structure_of_real_videos(dataset):
    """Duration, segments, their order and co-occurrence are those of one real video, same split."""
    _, summary, annotations, videos, real = dataset
    kept = summary['source_classes']
    assert len(annotations) == 400 and len(set(summary['source_videos'].values())) > 350
    for video_id, video in annotations.items():
        source = real[summary['source_videos'][video_id]]
        assert source.subset == video['subset']
        assert video['duration'] == round(source.duration, 2)
        expected = [
            [kept.index(label), round(start, 2), round(end, 2)]
            for label, (start, end) in zip(source.labels.tolist(), source.segments.tolist())
            if label in kept and end - start >= 1 / 3
        ]
        assert video['actions'] == expected
        assert len(videos[video_id][0]) == max(1, round(video['duration'] * 3))


def test_classes_are_the_most_frequent_real_ones(dataset, source):
    out, summary, annotations, _, real = dataset
    train = [v for v in real.values() if v.subset == 'training']
    counts = np.bincount(np.concatenate([v.labels for v in train]), minlength=157)
    kept = summary['source_classes']
    assert kept == sorted(kept) and len(kept) == 24
    assert counts[kept].min() >= np.delete(counts, kept).max()
    charades = json.loads(charades_like.CHARADES_SUB_LABELS.read_text())['actions']
    assert summary['classes'] == [charades[c]['action'] for c in kept]
    lines = (out / 'classes.txt').read_text().splitlines()
    assert lines[0] == f'c000 {charades[kept[0]]["action"]}' and len(lines) == 24
    sub_labels = read_sub_label_map(out / 'sub_labels.json', summary['classes'])
    assert (sub_labels.num_classes('entity'), sub_labels.num_classes('motion')) == (12, 15)
    smiling = summary['classes'].index('Someone is smiling')
    assert sub_labels.action_to_entity[smiling] == -1  # an action without entity


def test_statistics_follow_the_source(dataset):
    """Durations, class counts per video, co-occurrence and order match the real split's."""
    _, summary, annotations, _, real = dataset
    kept = summary['source_classes']
    pool = [v for v in real.values() if v.subset == 'training']
    generated = [v for v in annotations.values() if v['subset'] == 'training']

    def class_sets(classes):
        return [set(c) for c in classes]

    real_sets = class_sets([[kept.index(c) for c in v.labels.tolist() if c in kept] for v in pool])
    generated_sets = class_sets([[c for c, _, _ in v['actions']] for v in generated])
    real_durations = np.array([v.duration for v in pool])
    durations = np.array([v['duration'] for v in generated])
    assert abs(durations.mean() - real_durations.mean()) < 1.5
    assert abs(np.median(durations) - np.median(real_durations)) < 2.0
    assert (
        abs(np.mean([len(s) for s in generated_sets]) - np.mean([len(s) for s in real_sets])) < 0.3
    )

    def co_occurrence(sets):
        matrix = np.zeros((24, 24))
        for classes in sets:
            for a in classes:
                matrix[a, list(classes)] += 1
        return matrix / len(sets)

    off = ~np.eye(24, dtype=bool)
    real_co, generated_co = co_occurrence(real_sets)[off], co_occurrence(generated_sets)[off]
    assert np.corrcoef(real_co, generated_co)[0, 1] > 0.85

    def precedes(videos):  # (C, C): share of videos where a starts before b, both present
        before = np.zeros((24, 24))
        for actions in videos:
            for a, start_a, _ in actions:
                for b, start_b, _ in actions:
                    before[a, b] += start_a < start_b
        return before / len(videos)

    real_actions = [
        [
            (kept.index(c), s, e)
            for c, (s, e) in zip(v.labels.tolist(), v.segments.tolist())
            if c in kept
        ]
        for v in pool
    ]
    real_order, generated_order = (
        precedes(real_actions),
        precedes([v['actions'] for v in generated]),
    )
    asymmetry = (real_order - real_order.T)[off], (generated_order - generated_order.T)[off]
    assert np.corrcoef(*asymmetry)[0, 1] > 0.6


def test_context_pairs_are_indistinguishable_per_token(dataset, source):
    """A token of either class of a pair has the same features: same rng, same bytes."""
    _, summary, annotations, _, _ = dataset
    pairs = summary['context_pairs']
    assert len(pairs) == 4
    entity = read_sub_label_map(dataset[0] / 'sub_labels.json', summary['classes'])
    for a, b in pairs:
        assert entity.action_to_entity[a] == entity.action_to_entity[b]
    vocab = charades_like._vocabulary(
        json.loads(charades_like.CHARADES_SUB_LABELS.read_text())['actions'],
        np.array(summary['source_classes']),
    )
    signatures, entity_signatures, class_entity = charades_like._class_signatures(
        np.random.default_rng(0), vocab, 64, 16, pairs, 0.6, 1.0
    )
    distinct = {tuple(row) for row in np.round(signatures, 12)}
    assert len(distinct) == 24 - len(pairs)
    arrays = (signatures, entity_signatures, class_entity)
    for a, b in pairs:
        other = min(set(range(24)) - {a, b})  # a concurrent class outside the pair
        one, swapped = (
            video_features(np.random.default_rng(1), segments, 30, 10.0, *arrays, 0.8, 1.0)
            for segments in ([(a, 2.0, 6.0), (other, 1.0, 3.0)], [(b, 2.0, 6.0), (other, 1.0, 3.0)])
        )
        assert all(np.array_equal(x, y) for x, y in zip(one, swapped))
        assert not np.array_equal(
            one[0],
            video_features(
                np.random.default_rng(1), [(other, 2.0, 6.0)], 30, 10.0, *arrays, 0.8, 1.0
            )[0],
        )


def test_weak_per_token_evidence_and_informative_context(dataset):
    """Per token, a linear classifier is far weaker than on the default profile; context helps."""
    _, _, annotations, videos, _ = dataset
    test_y = stack(videos, annotations, 'testing')[1]
    maps = {}
    for window in (1, 31):
        train_x, train_y = stack(videos, annotations, 'training', window)
        test_x, _ = stack(videos, annotations, 'testing', window)
        maps[window] = mean_ap(test_y, ridge_scores(train_x, train_y, test_x))
    chance = test_y.mean()
    assert 1.5 * chance < maps[1] < 3.2 * chance  # the default profile: 3.5 times its chance
    assert maps[31] > maps[1] + 0.05


def test_same_seed_same_bytes_and_splits_independent(source, tmp_path):
    runs = dict(a=(4, 2, 3), b=(4, 2, 3), c=(4, 3, 3), d=(4, 2, 4))
    for name, (num_train, num_test, seed) in runs.items():
        make_charades_like_dataset(tmp_path / name, source, num_train, num_test, seed=seed)
    a, b, c, d = (read_all(tmp_path / name) for name in 'abcd')
    assert a == b
    train_files = [k for k in a if 'train_' in k]
    assert train_files and all(a[k] == c[k] for k in train_files)
    assert all(a[k] != d[k] for k in train_files)


def test_bad_source_and_arguments(source, tmp_path):
    with pytest.raises(AnnotationError, match='missing.json'):
        make_charades_like_dataset(tmp_path, tmp_path / 'missing.json', 1, 1)
    with pytest.raises(ValueError, match='context_pairs=30'):
        make_charades_like_dataset(tmp_path, source, 1, 1, context_pairs=30)
    with pytest.raises(ValueError, match='num_classes'):
        make_charades_like_dataset(tmp_path, source, 1, 1, num_classes=158)
    assert not (tmp_path / 'annotations.json').exists()


def test_cli(source, tmp_path, monkeypatch, capsys):
    out = tmp_path / 'cli'
    argv = [str(CLI), str(out), '--profile', 'charades-like', '--source', str(source)]
    monkeypatch.setattr(sys, 'argv', [*argv, '--num-train', '3', '--num-test', '2'])
    runpy.run_path(str(CLI), run_name='__main__')
    assert '5 videos (3 training, 2 testing), 24 classes' in capsys.readouterr().out
    for extra, message in (
        ([], 'needs --source'),
        (['--source', str(source), '--mean-duration', '20'], 'does not take --mean-duration'),
    ):
        monkeypatch.setattr(sys, 'argv', [argv[0], argv[1], '--profile', 'charades-like', *extra])
        with pytest.raises(SystemExit):
            runpy.run_path(str(CLI), run_name='__main__')
        assert message in capsys.readouterr().err


def test_dataset_config_reads_the_profile(dataset):
    """The two-stream dataset base loads the profile, sub-labels of entity-less classes included."""
    out, summary, annotations, videos, _ = dataset
    cfg = Config.fromfile(CONFIGS / '_base_' / 'datasets' / 'synthetic_charades_like_two_stream.py')
    assert cfg.val_dataloader.dataset.data_root == 'data/synthetic_charades_like'
    assert cfg.test_dataloader.dataset.data_root == 'data/synthetic_charades_like'
    data = DATASETS.build(dict(cfg.val_dataloader.dataset, data_root=str(out)))
    sample = data[0]['data_samples']
    video_id = sample.metainfo['video_id']
    np.testing.assert_array_equal(sample.gt_frame_labels.numpy(), videos[video_id][2])
    entity = sample.gt_entity_labels
    assert entity.shape == (len(videos[video_id][2]), cfg.num_sub_classes['entity'])
