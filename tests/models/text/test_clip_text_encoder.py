"""CLIPTextEncoder, the class text embedding cache and tools/data/encode_class_names.py, offline.

A tiny CLIP text model (random weights, fixed seed) and a tokenizer with a hand-made byte-level BPE
vocabulary are saved to a temporary directory once per module; nothing is downloaded.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from mmengine.config import ConfigDict
from mmengine.model import BaseModule
from transformers import CLIPTextModelWithProjection, CLIPTokenizer

from dad_plugins.models.text import (
    CLIPTextEncoder,
    load_class_text_embeddings,
    save_class_text_embeddings,
)
from dad_plugins.registry import MODELS
from dad_plugins.testing.text_models import BOS, EOS, save_tiny_clip_text_model

REPO = Path(__file__).resolve().parents[3]
TOOL = REPO / 'tools' / 'data' / 'encode_class_names.py'
ACTIONS = ['Holding some clothes', 'Opening a door', 'Walking', 'Drinking from a cup']
ENTITIES = ['clothes', 'door', 'cup']
MOTIONS = ['hold', 'open', 'walk', 'drink']
WORDS = sorted(
    {'a', 'photo', 'of', 'table'}
    | {word.lower() for name in ACTIONS + ENTITIES + MOTIONS for word in name.split()}
)
PROJECTION_DIM = 16


@pytest.fixture(scope='module')
def model_dir(tmp_path_factory) -> Path:
    """A directory holding a saved tiny ``CLIPTextModelWithProjection`` and its tokenizer."""
    folder = tmp_path_factory.mktemp('clip_text')
    vocab, tokenizer = save_tiny_clip_text_model(folder, WORDS, PROJECTION_DIM)
    for word in WORDS:
        ids = tokenizer(word, add_special_tokens=False)['input_ids']
        assert ids == [vocab[f'{word}</w>']], (word, tokenizer.convert_ids_to_tokens(ids))
    ids = tokenizer('a photo of cup')['input_ids']
    assert ids[0] == vocab[BOS] and ids[-1] == vocab[EOS]
    assert tokenizer.unk_token_id not in ids[1:-1]
    return folder


@pytest.fixture(scope='module')
def encoder(model_dir) -> CLIPTextEncoder:
    return CLIPTextEncoder(str(model_dir), local_files_only=True)


def direct_embeddings(model_dir: Path, texts: list[str]) -> torch.Tensor:
    """Normalised ``text_embeds`` of ``texts`` computed with transformers alone."""
    model = CLIPTextModelWithProjection.from_pretrained(model_dir, local_files_only=True).eval()
    tokenizer = CLIPTokenizer.from_pretrained(model_dir, local_files_only=True)
    with torch.no_grad():
        embeds = model(**tokenizer(texts, padding=True, return_tensors='pt')).text_embeds
    return F.normalize(embeds, dim=-1)


def test_forward_matches_transformers(model_dir, encoder):
    texts = ['a photo of cup', 'holding some clothes', 'opening a door']
    out = encoder(texts)
    assert out.shape == (3, PROJECTION_DIM) and out.dtype == torch.float32
    assert encoder.embed_dims == PROJECTION_DIM
    torch.testing.assert_close(out.norm(dim=-1), torch.ones(3))
    torch.testing.assert_close(out, direct_embeddings(model_dir, texts))
    assert not out.requires_grad
    assert encoder([]).shape == (0, PROJECTION_DIM)
    with pytest.raises(TypeError, match='sequence'):
        encoder('a photo of cup')


def test_unnormalised(model_dir):
    raw = CLIPTextEncoder(str(model_dir), normalize=False, local_files_only=True)
    out = raw(['a photo of cup', 'walking'])
    assert not torch.allclose(out.norm(dim=-1), torch.ones(2))
    torch.testing.assert_close(
        F.normalize(out, dim=-1), direct_embeddings(model_dir, ['a photo of cup', 'walking'])
    )


def test_frozen_and_eval(encoder):
    assert all(not param.requires_grad for param in encoder.parameters())

    class Parent(BaseModule):
        def __init__(self) -> None:
            super().__init__()
            self.text = encoder

    parent = Parent()
    before = {name: value.clone() for name, value in encoder.state_dict().items()}
    parent.init_weights()
    for name, value in encoder.state_dict().items():
        assert torch.equal(value, before[name]), name
    parent.train()
    assert parent.training
    assert not encoder.training
    assert not any(module.training for module in encoder.modules())


def test_class_names_and_template(encoder):
    names = ['cup', 'some clothes', 'table', 'cup']  # prompts of different lengths
    out = encoder.encode_class_names(names)  # (4, D)
    assert out.shape == (4, PROJECTION_DIM)
    assert not torch.allclose(out[0], out[1]) and not torch.allclose(out[1], out[2])
    torch.testing.assert_close(out[0], out[3])
    # Padding in a batch does not change a prompt's embedding.
    torch.testing.assert_close(out[:1], encoder.encode_class_names(['cup']))
    torch.testing.assert_close(encoder.encode_class_names(['cup']), encoder(['a photo of cup']))
    with pytest.raises(TypeError, match='sequence'):
        encoder.encode_class_names('cup')


def test_custom_template(model_dir):
    custom = CLIPTextEncoder(str(model_dir), template='{} table', local_files_only=True)
    torch.testing.assert_close(custom.encode_class_names(['cup']), custom(['cup table']))


def test_missing_model(tmp_path, model_dir, monkeypatch):
    missing = tmp_path / 'no_such_model'
    with pytest.raises(FileNotFoundError, match='encode_class_names.py') as info:
        CLIPTextEncoder(str(missing), local_files_only=True)
    assert str(missing) in str(info.value)
    assert 'save_pretrained' in str(info.value)

    # Relative paths, resolved against the working directory: a hub-like 'org/name' goes through
    # transformers (local_files_only keeps it off the network), './name' is checked up front.
    monkeypatch.chdir(tmp_path)
    for name in ('no_such_dir/clip_text', './no_such_dir'):
        with pytest.raises(FileNotFoundError, match='encode_class_names.py') as info:
            CLIPTextEncoder(name, local_files_only=True)
        assert name in str(info.value)
        assert info.value.__cause__ is not None or name.startswith('.')

    # A model without its tokenizer: transformers would build an all-unknown tokenizer.
    no_tokenizer = tmp_path / 'model_only'
    no_tokenizer.mkdir()
    for file_name in ('config.json', 'model.safetensors'):
        shutil.copy(model_dir / file_name, no_tokenizer / file_name)
    with pytest.raises(FileNotFoundError, match='unknown tokens') as info:
        CLIPTextEncoder(str(no_tokenizer), local_files_only=True)
    assert isinstance(info.value.__cause__, ValueError)


def test_embeddings_round_trip(tmp_path):
    embeddings = np.random.default_rng(0).standard_normal((4, 8))  # float64 in, float32 out
    path = tmp_path / 'cache' / 'actions.npy'
    save_class_text_embeddings(path, embeddings)
    assert [p.name for p in path.parent.iterdir()] == ['actions.npy']  # no temporary file left
    loaded = load_class_text_embeddings(str(path), ACTIONS)
    assert loaded.dtype == torch.float32 and loaded.shape == (4, 8)
    np.testing.assert_allclose(loaded.numpy(), embeddings.astype(np.float32))
    torch.testing.assert_close(load_class_text_embeddings(path), loaded)  # PathLike, no names

    save_class_text_embeddings(path, torch.ones(2, 3))  # replaces the file
    assert load_class_text_embeddings(str(path)).shape == (2, 3)
    with pytest.raises(ValueError, match='2-D'):
        save_class_text_embeddings(path, np.ones(3))
    with pytest.raises(ValueError, match='.npy'):
        save_class_text_embeddings(tmp_path / 'actions.txt', np.ones((2, 3)))


def test_embedding_file_errors(tmp_path):
    path = tmp_path / 'actions.npy'
    save_class_text_embeddings(path, np.ones((3, 8)))
    with pytest.raises(ValueError, match=r'actions\.npy.*3 rows.*4 class names'):
        load_class_text_embeddings(str(path), ACTIONS)

    bad = np.ones((4, 8), np.float32)
    bad[2, 1] = np.nan
    np.save(tmp_path / 'nan.npy', bad)
    with pytest.raises(ValueError, match=r'nan\.npy.*non-finite.*\[2\]'):
        load_class_text_embeddings(str(tmp_path / 'nan.npy'), ACTIONS)

    np.save(tmp_path / 'flat.npy', np.ones(8, np.float32))
    with pytest.raises(ValueError, match=r'flat\.npy.*2-D'):
        load_class_text_embeddings(str(tmp_path / 'flat.npy'))
    np.save(tmp_path / 'ints.npy', np.ones((4, 8), np.int64))
    with pytest.raises(ValueError, match=r'ints\.npy.*floats'):
        load_class_text_embeddings(str(tmp_path / 'ints.npy'))
    np.save(tmp_path / 'objects.npy', np.array([[None]], dtype=object), allow_pickle=True)
    with pytest.raises(ValueError, match=r'objects\.npy'):
        load_class_text_embeddings(str(tmp_path / 'objects.npy'))

    with pytest.raises(FileNotFoundError, match=r'missing\.npy.*encode_class_names\.py'):
        load_class_text_embeddings(str(tmp_path / 'missing.npy'), ACTIONS)
    with pytest.raises(ValueError, match=r'\.npy file'):
        load_class_text_embeddings(str(tmp_path / 'actions.txt'))
    with pytest.raises(TypeError):
        load_class_text_embeddings(3)


def test_embeddings_from_encoder_config(model_dir, encoder):
    cfg = dict(type='CLIPTextEncoder', model_name_or_path=str(model_dir), local_files_only=True)
    for source in (cfg, ConfigDict(cfg)):
        out = load_class_text_embeddings(source, ENTITIES)
        assert out.shape == (3, PROJECTION_DIM) and out.dtype == torch.float32
        torch.testing.assert_close(out, encoder.encode_class_names(ENTITIES))
    assert isinstance(MODELS.build(cfg), CLIPTextEncoder)
    with pytest.raises(ValueError, match='class_names'):
        load_class_text_embeddings(cfg)


@pytest.fixture(scope='module')
def tool_runs(model_dir, tmp_path_factory) -> dict[str, tuple[subprocess.CompletedProcess, Path]]:
    """Three runs of the tool, started together to share the start-up time: the action class
    file, the entity classes of a sub-label file and a missing model. Maps a run's name to its
    result and output file."""
    folder = tmp_path_factory.mktemp('encode_class_names')
    class_file = folder / 'classes.txt'
    class_file.write_text(''.join(f'c{i:03d} {name}\n' for i, name in enumerate(ACTIONS)))
    sub_labels = folder / 'sub_labels.json'
    actions = [
        dict(action=action, entity=entity, motion=motion)
        for action, entity, motion in zip(ACTIONS, [*ENTITIES[:2], None, ENTITIES[2]], MOTIONS)
    ]
    sub_labels.write_text(
        json.dumps(dict(entity_classes=ENTITIES, motion_classes=MOTIONS, actions=actions))
    )
    outs = {
        'actions': folder / 'text_embeddings' / 'actions.npy',
        'entity': folder / 'entity.npy',
        'missing': folder / 'missing.npy',
    }
    args = {
        'actions': [class_file, outs['actions'], '--model', model_dir, '--local-files-only'],
        'entity': [sub_labels, outs['entity'], '--sub-labels', 'entity', '--model', model_dir],
        'missing': [class_file, outs['missing'], '--model', folder / 'no_such_model'],
    }
    env = dict(os.environ, HF_HUB_OFFLINE='1', OMP_NUM_THREADS='1', PYTHONPATH=str(REPO))
    processes = {
        name: subprocess.Popen(
            [sys.executable, str(TOOL), *map(str, run_args)],
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name, run_args in args.items()
    }
    runs = {}
    for name, process in processes.items():
        stdout, stderr = process.communicate(timeout=180)
        result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
        runs[name] = (result, outs[name])
    return runs


def test_tool_writes_embeddings(tool_runs, encoder):
    result, out = tool_runs['actions']
    assert result.returncode == 0, result.stderr[-3000:]
    assert '(4, 16)' in result.stdout and str(out) in result.stdout
    cached = np.load(out)
    assert cached.dtype == np.float32
    np.testing.assert_allclose(cached, encoder.encode_class_names(ACTIONS).numpy(), atol=1e-6)


def test_tool_sub_labels(tool_runs, encoder):
    result, out = tool_runs['entity']
    assert result.returncode == 0, result.stderr[-3000:]
    np.testing.assert_allclose(
        np.load(out), encoder.encode_class_names(ENTITIES).numpy(), atol=1e-6
    )


def test_tool_missing_model(tool_runs):
    result, out = tool_runs['missing']
    assert result.returncode == 1
    assert result.stderr.startswith('error:'), result.stderr[-3000:]
    assert len(result.stderr.strip().splitlines()) == 1
    assert 'no_such_model' in result.stderr and 'save_pretrained' in result.stderr
    assert 'as --model' in result.stderr
    assert 'encode_class_names.py' not in result.stderr  # not "run me to fix me"
    assert not out.exists()
