"""Every paper config trains with its paper's batch size, after config inheritance."""

from pathlib import Path

import pytest
from mmengine.config import Config

REPO = Path(__file__).resolve().parents[1]

# config -> (videos per optimiser step, where that number comes from); None where the source
# states no batch size. Per-iteration batch x gradient accumulation, on one process.
PAPER_BATCH_SIZES = {
    'configs/asl/asl_charades.py': (16, 'ASL Sec. 4.2: batch 16 on Charades'),
    'configs/asl/asl_multithumos.py': (2, 'ASL Sec. 4.2: batch 2 on MultiTHUMOS'),
    'configs/baseline/baseline_charades.py': (None, 'no paper'),
    'configs/baseline/baseline_multithumos.py': (None, 'no paper'),
    'configs/dualdetr/dualdetr_charades.py': (None, 'DualDETR Sec. 4.1 states no batch size'),
    'configs/dualdetr/dualdetr_multithumos.py': (None, 'DualDETR Sec. 4.1 states no batch size'),
    'configs/dualdetr/dualdetr_rgb_charades.py': (None, 'DualDETR Sec. 4.1 states no batch size'),
    'configs/dualdetr/dualdetr_rgb_multithumos.py': (None, 'DualDETR states no batch size'),
    'configs/dualdetr/dualdetr_tsu.py': (None, 'DualDETR Sec. 4.1 states no batch size'),
    'configs/mixed/dualdetr_colv_multithumos.py': (None, 'DualDETR states no batch size'),
    'configs/mixed/finedet-mlad_charades.py': (32, 'MLAD supplement setting: batch 32'),
    'configs/mixed/mlad_assistant_charades.py': (32, 'MLAD supplement setting: batch 32'),
    'configs/mixed/pat_asl-sensitivity_charades.py': (3, 'PAT Sec. 4 setting: batch 3'),
    'configs/mixed/pat_colv_charades.py': (3, 'PAT Sec. 4 setting: batch 3'),
    'configs/mixed/pat_colv_multithumos.py': (3, 'PAT Sec. 4 setting: batch 3'),
    'configs/mlad/mlad_charades.py': (32, 'MLAD supplement: batch 32'),
    'configs/mlad/mlad_flow_charades.py': (32, 'MLAD supplement: batch 32'),
    'configs/mlad/mlad_flow_multithumos.py': (32, 'MLAD supplement: batch 32'),
    'configs/mlad/mlad_late-fusion_charades.py': (32, 'MLAD supplement: batch 32'),
    'configs/mlad/mlad_late-fusion_multithumos.py': (32, 'MLAD supplement: batch 32'),
    'configs/mlad/mlad_multithumos.py': (32, 'MLAD supplement: batch 32'),
    'configs/mlad/mlad_released_multithumos.py': (128, 'MLAD released code: 32 x 4 accumulated'),
    'configs/mlad/mlad_rgb-flow_charades.py': (32, 'MLAD supplement: batch 32'),
    'configs/mlad/mlad_rgb-flow_multithumos.py': (32, 'MLAD supplement: batch 32'),
    'configs/pat/pat_charades.py': (3, 'PAT Sec. 4: batch 3'),
    'configs/pat/pat_multithumos.py': (3, 'PAT Sec. 4: batch 3'),
    'configs/pat/pat_released-loss_charades.py': (3, 'PAT Sec. 4: batch 3'),
    'configs/pat/pat_rgb-flow_charades.py': (3, 'PAT Sec. 4: batch 3'),
    'configs/pat/pat_released_charades.py': (5, 'PAT released run_PAT_Charades.sh: batch 5'),
    'configs/pat/pat_released_multithumos.py': (1, 'PAT released run_PAT_MultiTHUMOS.sh: batch 1'),
    'configs/refdense/refdense_charades.py': (5, 'RefDense Sec. 4: batch 5 on Charades'),
    'configs/refdense/refdense_entity-subnet-alone_charades.py': (5, 'RefDense Sec. 4: batch 5'),
    'configs/refdense/refdense_entity-subnet-alone_multithumos.py': (3, 'RefDense Sec. 4: batch 3'),
    'configs/refdense/refdense_motion-subnet-alone_charades.py': (5, 'RefDense Sec. 4: batch 5'),
    'configs/refdense/refdense_motion-subnet-alone_multithumos.py': (3, 'RefDense Sec. 4: batch 3'),
    'configs/refdense/refdense_multithumos.py': (3, 'RefDense Sec. 4: batch 3 on MultiTHUMOS'),
}


def paper_configs() -> list[str]:
    """Every model config except the synthetic-data ones, which have no paper setting."""
    return sorted(
        str(path.relative_to(REPO))
        for path in (REPO / 'configs').rglob('*.py')
        if not {'_base_', 'extractors'} & set(path.parts) and not path.stem.endswith('_synthetic')
    )


def accumulation(optim_wrapper: dict) -> int:
    """Gradient accumulation steps of one wrapper, or the common one of a per-module dict."""
    if 'optimizer' in optim_wrapper or 'constructor' not in optim_wrapper:
        return optim_wrapper.get('accumulative_counts', 1)
    counts = {
        accumulation(wrapper)
        for name, wrapper in optim_wrapper.items()
        if name != 'constructor' and isinstance(wrapper, dict)
    }
    assert len(counts) == 1, f'sub-module wrappers accumulate differently: {counts}'
    return counts.pop()


def test_every_paper_config_has_a_row():
    missing = sorted(set(paper_configs()) - set(PAPER_BATCH_SIZES))
    stale = sorted(set(PAPER_BATCH_SIZES) - set(paper_configs()))
    assert not missing, f'add the paper batch size of {missing}'
    assert not stale, f'configs no longer exist: {stale}'


@pytest.mark.parametrize(
    'config', [name for name, (batch, _) in PAPER_BATCH_SIZES.items() if batch is not None]
)
def test_effective_batch_size_is_the_papers(config):
    cfg = Config.fromfile(REPO / config)
    expected, source = PAPER_BATCH_SIZES[config]
    effective = cfg.train_dataloader.batch_size * accumulation(cfg.optim_wrapper)
    assert effective == expected, f'{config} trains with batch {effective}; {source}'
