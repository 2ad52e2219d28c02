"""The inferencer on feature files, arrays, folders and two-stream inputs, with random weights."""

import numpy as np
import pytest
import torch
from mmengine.config import Config

from dad_plugins.apis import DenseDetectionInferencer, VideoFeatureExtractor
from dad_plugins.apis.video_feature_extractor import ExtractorConfigError
from dad_plugins.testing import write_text_embeddings
from dad_plugins.testing.videos import write_moving_square_video
from dad_plugins.utils.input_errors import AnnotationError

from ..conftest import synthetic_folder

BASELINE = 'configs/baseline/baseline_synthetic.py'
REFDENSE = 'configs/refdense/refdense_synthetic.py'
pytestmark = pytest.mark.filterwarnings('ignore:Checkpoint is not loaded')


@pytest.fixture(scope='module')
def data_root(tmp_path_factory):
    return synthetic_folder(tmp_path_factory, num_train=2, num_test=2, seed=3)


def inferencer(config: str | Config, data_root, **kwargs) -> DenseDetectionInferencer:
    cfg = Config.fromfile(config) if isinstance(config, str) else config
    cfg.test_dataloader.dataset.data_root = str(data_root)
    write_text_embeddings(cfg, data_root)
    torch.manual_seed(0)
    return DenseDetectionInferencer(cfg, device='cpu', **kwargs)


def test_folder_gives_every_video_scores_and_named_segments_by_score(data_root):
    model = inferencer(BASELINE, data_root, feature_rate=2.0)
    predictions = model(str(data_root / 'features'))['predictions']
    files = sorted((data_root / 'features').glob('*.npy'))
    assert [p['video_id'] for p in predictions] == [f.stem for f in files]
    names = [line.split(' ', 1)[1] for line in (data_root / 'classes.txt').read_text().splitlines()]
    for prediction, file in zip(predictions, files):
        num_tokens = len(np.load(file))
        assert np.asarray(prediction['frame_scores']).shape == (num_tokens, 24)
        assert prediction['duration'] == pytest.approx(num_tokens / 2.0)
        scores = [segment[3] for segment in prediction['segments']]
        assert scores == sorted(scores, reverse=True)
        for start, end, name, _ in prediction['segments']:
            assert 0 <= start <= end <= prediction['duration'] + 1e-4 and name in names


def test_score_threshold_and_topk_filter_the_segments(data_root):
    model = inferencer(BASELINE, data_root)
    file = str(sorted((data_root / 'features').glob('*.npy'))[0])
    (everything,) = model(file)['predictions']
    assert everything['segments'], 'random weights gave no segment to filter'
    (best,) = model(file, topk=1)['predictions']
    assert best['segments'] == everything['segments'][:1]
    threshold = everything['segments'][0][3]
    (above,) = model(file, score_thr=threshold)['predictions']
    assert all(segment[3] >= threshold for segment in above['segments'])
    assert above['segments'][0] == everything['segments'][0]


def test_arrays_and_files_give_the_same_prediction(data_root):
    model = inferencer(BASELINE, data_root)
    file = sorted((data_root / 'features').glob('*.npy'))[0]
    from_file, from_array = model([str(file), np.load(file)])['predictions']
    assert from_file['video_id'] == file.stem and from_array['video_id'] == 'video_1'
    assert from_file['frame_scores'] == from_array['frame_scores']


def test_class_names_fall_back_to_indices_without_a_class_file(data_root, tmp_path):
    model = inferencer(BASELINE, tmp_path)  # no classes.txt there
    assert model.class_names is None and model.class_name(3) == 'class_3'


@pytest.fixture(scope='module')
def two_stream(data_root) -> DenseDetectionInferencer:
    return inferencer(REFDENSE, data_root)


def test_two_stream_model_reads_the_sibling_stream_folder_or_a_dict(data_root, two_stream):
    model = two_stream
    file = sorted((data_root / 'features').glob('*.npy'))[0]
    entity = data_root / 'entity_features' / file.name
    from_folder, from_dict = model([str(file), dict(feats=str(file), entity=np.load(entity))])[
        'predictions'
    ]
    assert from_folder['frame_scores'] == from_dict['frame_scores']


def test_missing_sibling_stream_names_the_file_video_and_stream(two_stream, tmp_path):
    model = two_stream
    (tmp_path / 'features').mkdir()
    np.save(tmp_path / 'features' / 'v.npy', np.zeros((5, 64), np.float32))
    with pytest.raises(AnnotationError, match=r"entity_features/v.npy, video 'v', field 'entity'"):
        model(str(tmp_path / 'features' / 'v.npy'))


@pytest.mark.parametrize(
    'config',
    [
        'configs/pat/pat_synthetic.py',  # a paradigm wrapping the detector
        'configs/dualdetr/dualdetr_synthetic.py',  # queries, segments first
        'configs/refdense/refdense_entity-subnet-alone_synthetic.py',  # streams concatenated
    ],
)
def test_every_kind_of_model_predicts_from_arrays(data_root, config):
    model = inferencer(config, data_root)
    (load,) = [
        t for t in model.cfg.test_dataloader.dataset.pipeline if t.type == 'LoadClipFeatures'
    ]
    rng = np.random.default_rng(0)
    streams = {name: rng.standard_normal((40, dim)) for name, dim in load.feat_dims.items()}
    streams = {name: array.astype(np.float32) for name, array in streams.items()}
    (prediction,) = model(streams)['predictions']
    assert np.asarray(prediction['frame_scores']).shape == (40, 24)
    assert prediction['segments'] and prediction['duration'] == pytest.approx(40 / 3.0)


def test_bad_inputs_are_errors_naming_the_file(data_root, tmp_path):
    model = inferencer(BASELINE, data_root)
    np.save(tmp_path / 'wrong.npy', np.zeros((5, 7), np.float32))
    with pytest.raises(AnnotationError, match="field 'feats': feature dim 7 differs .* \\(64\\)"):
        model(str(tmp_path / 'wrong.npy'))
    with pytest.raises(AnnotationError, match='missing.npy.*feature file not found'):
        model(str(tmp_path / 'missing.npy'))
    (tmp_path / 'empty').mkdir()
    with pytest.raises(AnnotationError, match='no .npy feature files'):
        model(str(tmp_path / 'empty'))


#: A randomly initialised I3D on 32 px crops: 1024-d features, 3 tokens a second at 24 fps.
TINY_EXTRACTOR = dict(backbone='i3d', checkpoint=None, crop_size=32)


@pytest.fixture(scope='module')
def video_model(data_root) -> DenseDetectionInferencer:
    """The baseline taking 1024-d features, with the tiny I3D extractor."""
    cfg = Config.fromfile(BASELINE)
    cfg.model.backbone.in_channels = 1024
    cfg.test_dataloader.dataset.pipeline[0].feat_dims.feats = 1024
    return inferencer(cfg, data_root, extractor=TINY_EXTRACTOR)


def test_videos_are_extracted_then_predicted(video_model, tmp_path):
    folder = tmp_path / 'videos'
    folder.mkdir()
    write_moving_square_video(folder / 'a.avi', 3.0, fps=25)  # 72 frames at 24 fps: 8 tokens
    write_moving_square_video(folder / 'b.avi', 2.0, fps=25, seed=1)  # 48 frames: 5 tokens
    predictions = video_model(str(folder))['predictions']
    assert [p['video_id'] for p in predictions] == ['a', 'b']
    assert [np.asarray(p['frame_scores']).shape for p in predictions] == [(8, 24), (5, 24)]
    assert predictions[0]['duration'] == pytest.approx(8 / 3.0)
    feats = VideoFeatureExtractor(**TINY_EXTRACTOR)(folder / 'a.avi')
    (from_array,) = video_model(feats)['predictions']
    assert from_array['frame_scores'] == predictions[0]['frame_scores']


def test_bad_video_inputs_are_errors_naming_the_file(video_model, data_root, tmp_path):
    broken = tmp_path / 'broken.mp4'
    broken.write_bytes(b'not a video')
    with pytest.raises(AnnotationError, match=f"{broken}, video 'broken': cannot open"):
        video_model(str(broken))
    with pytest.raises(AnnotationError, match='a video input needs an extractor config'):
        inferencer(BASELINE, data_root)(str(broken))
    with pytest.raises(AnnotationError, match=r"the config also needs \['entity'\]"):
        inferencer(REFDENSE, data_root, extractor=TINY_EXTRACTOR)(str(broken))


def test_extractor_rate_other_than_the_models_is_warned_and_native_fps_refused(data_root):
    cfg = Config.fromfile(BASELINE)
    with pytest.warns(UserWarning, match='the extractor gives 1.5 tokens per second, .* 3'):
        inferencer(cfg, data_root, extractor=dict(TINY_EXTRACTOR, fps=12))
    with pytest.raises(ExtractorConfigError, match='fps above 0'):
        inferencer(cfg, data_root, extractor=dict(TINY_EXTRACTOR, fps=0))
