import pytest
import torch
from mmengine.registry import OPTIM_WRAPPER_CONSTRUCTORS
from torch import nn

from dad_plugins.engine import CPUAutocastOptimWrapper

from ..models.paradigms.test_assistant_paradigm import build_paradigm, data_batch


def test_a_paradigm_step_runs_in_bfloat16_and_keeps_float32_weights():
    model = build_paradigm()
    wrapper = dict(type='CPUAutocastOptimWrapper', optimizer=dict(type='Adam', lr=1e-2))
    wrappers = OPTIM_WRAPPER_CONSTRUCTORS.build(
        dict(
            type='dad_plugins.MultiOptimWrapperConstructor',
            optim_wrapper_cfg=dict(assistant=wrapper, detector=wrapper),
        )
    )(model)
    output_dtypes = {}

    def record(name):
        def hook(module, inputs, output):
            output_dtypes.setdefault(name, output.dtype)

        return hook

    for name, module in model.named_modules():
        if isinstance(module, nn.Linear):
            module.register_forward_hook(record(name))
    before = {name: p.detach().clone() for name, p in model.named_parameters()}

    log_vars = model.train_step(data_batch(), wrappers)

    # linear layers of both steps (assistant and detector) ran in bfloat16
    assert any(n.startswith('assistant') for n in output_dtypes)
    assert any(n.startswith('detector') for n in output_dtypes)
    assert set(output_dtypes.values()) == {torch.bfloat16}
    assert all(torch.isfinite(value) for value in log_vars.values())
    assert all(p.dtype == torch.float32 for p in model.parameters())
    changed = [n for n, p in model.named_parameters() if not torch.equal(p, before[n])]
    assert any(n.startswith('assistant') for n in changed)
    assert any(n.startswith('detector.backbone') for n in changed)
    assert not torch.is_autocast_enabled('cpu')  # only inside the steps


def test_unknown_dtype_is_rejected():
    optimizer = torch.optim.SGD(nn.Linear(2, 2).parameters(), lr=0.1)
    with pytest.raises(ValueError, match="'bfloat16' or 'float16'"):
        CPUAutocastOptimWrapper(dtype='float64', optimizer=optimizer)
