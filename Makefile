# `make demo`: set up .venv, generate the synthetic dataset, train and evaluate the baseline.
# `make test`: set up .venv, lint, run the test suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
DATA := data/synthetic
WORK := work_dirs/baseline_synthetic

.PHONY: demo test lint install clean

$(STAMP): requirements/torch.txt requirements/runtime.txt requirements/tests.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q -r requirements/torch.txt
	$(PY) -m pip install -q -r requirements/runtime.txt -r requirements/tests.txt
	$(PY) -m pip install -q --no-build-isolation -e .
	touch $(STAMP)

install: $(STAMP)

$(DATA)/annotations.json: | $(STAMP)
	$(PY) tools/data/make_synthetic.py $(DATA)

demo: $(STAMP) $(DATA)/annotations.json
	$(PY) tools/train.py configs/baseline/baseline_synthetic.py --work-dir $(WORK)
	$(PY) tools/test.py configs/baseline/baseline_synthetic.py $(WORK)/epoch_$$($(PY) -c "from mmengine import Config; print(Config.fromfile('configs/baseline/baseline_synthetic.py').train_cfg.max_epochs)").pth --work-dir $(WORK)

lint: $(STAMP)
	$(VENV)/bin/ruff check dad_plugins tools tests configs
	$(VENV)/bin/ruff format --check dad_plugins tools tests configs

test: lint
	$(PY) -m pytest -q tests

clean:
	rm -rf $(VENV) work_dirs $(DATA)
