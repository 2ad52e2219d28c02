from pathlib import Path

import torch
from mmengine.config import Config
from mmengine.structures import InstanceData

from dad_plugins.registry import MODELS
from dad_plugins.testing import demo_data_samples, demo_inputs

REPO = Path(__file__).resolve().parents[3]
RATE = 2.0


def make_batch(lengths, num_classes=24, in_channels=64, seed=0):
    """Inputs, masks and data samples of ``dualdetr_synthetic.py``'s shapes."""
    torch.manual_seed(seed)
    batch = demo_inputs(lengths, in_channels)
    data_samples = demo_data_samples(lengths, num_classes, feature_rate=RATE)
    return batch['inputs'], batch['masks'], data_samples


def check_predictions(samples, lengths, num_classes):
    for sample, length in zip(samples, lengths):
        assert sample.pred_frame_scores.shape == (length, num_classes)
        instances = sample.pred_instances
        segments, scores = instances.segments, instances.scores
        assert segments.shape[1] == 2 and instances.labels.dtype == torch.long
        assert segments.min() >= 0 and segments.max() <= length / RATE + 1e-5
        assert (segments[:, 1] >= segments[:, 0]).all()
        assert (scores[:-1] >= scores[1:]).all() and scores.min() >= 0 and scores.max() <= 1
        assert instances.labels.max() < num_classes


def build_small(**test_cfg):
    cfg = Config.fromfile(REPO / 'configs/dualdetr/dualdetr_synthetic.py')
    cfg.model.test_cfg.update(test_cfg)
    return MODELS.build(cfg.model).eval()


def test_sliding_windows_map_detections_back_to_the_video():
    model = build_small(window_size=16, window_stride=8)
    lengths = [40, 21]
    inputs, masks, data_samples = make_batch(lengths)
    seen = []

    def fake_predict(layer_outputs, query_masks, lengths, max_per_window, layer=-1):
        # Every window answers [0.5, 1.0] of itself, class 0, a score growing with its row.
        rows = query_masks.shape[0]
        seen.append(rows)
        return [
            InstanceData(
                segments=torch.tensor([[0.5, 1.0]]) * lengths[row],
                labels=torch.tensor([0]),
                scores=torch.tensor([0.1 + 0.01 * row]),
            )
            for row in range(rows)
        ]

    model.head.predict = fake_predict
    with torch.no_grad():
        samples = model(inputs, data_samples, mode='predict', masks=masks)
    starts = [0, 8, 16, 24]  # windows of 16 over 40 tokens
    assert seen == [len(starts) * 2]
    video0 = samples[0].pred_instances.segments
    expected0 = torch.tensor([[(s + 8) / RATE, (s + 16) / RATE] for s in starts])
    torch.testing.assert_close(video0, expected0.flip(0))  # later windows score higher
    # Video 1 has 21 tokens: windows from 8 and 16 hold 13 and 5 of them, the last none.
    video1 = samples[1].pred_instances.segments
    expected1 = torch.tensor([[16 + 2.5, 21.0], [8 + 6.5, 21.0], [0 + 8, 16]]) / RATE
    torch.testing.assert_close(video1, expected1)
    assert samples[1].pred_frame_scores.shape == (21, 24)
    assert samples[1].pred_frame_scores[-1, 0] > 0 and samples[1].pred_frame_scores[0, 0] == 0


def test_merge_nms_and_cap_after_merging():
    model = build_small(window_size=16, window_stride=8, merge_nms=0.3, max_per_video=2)
    inputs, masks, data_samples = make_batch([40])

    def fake_predict(layer_outputs, query_masks, lengths, max_per_window, layer=-1):
        # The same action found by every window: [12, 16] tokens of the video.
        found = [torch.tensor([[12.0 - s, 16.0 - s]]) for s in (0, 8)]
        found += [torch.tensor([[0.0, 8.0]])] * 2
        return [
            InstanceData(segments=segments, labels=torch.tensor([3]), scores=torch.tensor([score]))
            for segments, score in zip(found, [0.5, 0.5, 0.4, 0.4])
        ]

    model.head.predict = fake_predict
    with torch.no_grad():
        (sample,) = model(inputs, data_samples, mode='predict', masks=masks)
    segments = sample.pred_instances.segments
    assert len(segments) == 2  # duplicates of [6 s, 8 s] merged, then capped at 2
    torch.testing.assert_close(segments[0], torch.tensor([6.0, 8.0]))


def test_single_level_and_unaligned_variants_train():
    cfg = Config.fromfile(REPO / 'configs/dualdetr/dualdetr_synthetic.py')
    inputs, masks, data_samples = make_batch([30, 12])
    for decoder in (
        dict(query_levels='boundary', mutual_refinement='none'),
        dict(aligned=False, two_branch=False, query_init='learned', mutual_refinement='none'),
    ):
        cfg.model.decoder.update(decoder)
        model = MODELS.build(cfg.model)
        losses = model(inputs, data_samples, mode='loss', masks=masks)
        assert 'boundary.loss_cls' in losses or 'loss_cls' in losses
        sum(losses.values()).backward()
        model.eval()
        with torch.no_grad():
            check_predictions(
                model(inputs, data_samples, mode='predict', masks=masks), [30, 12], 24
            )


def test_decode_layers_gives_every_decoder_layer_and_the_last_is_the_output():
    lengths = [40, 21]
    inputs, masks, data_samples = make_batch(lengths)
    for windows in (dict(), dict(window_size=16, window_stride=8)):
        model = build_small(decode_layers=True, **windows)
        with torch.no_grad():
            samples = model(inputs, data_samples, mode='predict', masks=masks)
        for sample, length in zip(samples, lengths):
            layers = sample.pred_layer_instances
            assert len(layers) == 3  # dualdetr_synthetic.py: 3 decoder layers
            for layer in layers:
                assert (layer.scores[:-1] >= layer.scores[1:]).all()
                assert layer.segments.min() >= 0 and layer.segments.max() <= length / RATE + 1e-5
            for key in ('segments', 'labels', 'scores'):
                torch.testing.assert_close(layers[-1][key], sample.pred_instances[key])
            assert not torch.equal(layers[0].segments, layers[-1].segments)
    inputs, masks, fresh_samples = make_batch(lengths)
    with torch.no_grad():
        (sample, _) = build_small()(inputs, fresh_samples, mode='predict', masks=masks)
    assert 'pred_layer_instances' not in sample
