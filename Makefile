# Every command a developer or CI needs. `make help` lists them.
SHELL := /bin/bash
VENV := .venv-bot
PY := $(VENV)/bin/python
HVENV := .venv-handoff
HPY := $(HVENV)/bin/python
RASA := $(VENV)/bin/rasa
RASA_DATA := data/nlu data/rules
RASA_ARGS := --config config.yml --domain bot/domain
export PYTHONPATH := $(CURDIR)
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
export RASA_TELEMETRY_ENABLED := false
# Rasa 3.6 and its pinned libraries print pages of deprecation warnings that are not ours to fix.
export PYTHONWARNINGS := ignore::DeprecationWarning,ignore::PendingDeprecationWarning

.PHONY: help run status chat agent user test web env train validate check-content test-unit test-nlu test-stories test-integration test-handoff bench bench-frontdoor bench-cpu bench-privacy bench-queue bench-capacity bench-load bench-faults bench-activation lock clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-18s %s\n", $$1, $$2}'

run: env web train ## start the action server, RASA_PROCESSES Rasas and the front door under supervisord on 127.0.0.1; print the URLs when ready
	@scripts/run

status: ## show the processes `make run` supervises (pid, uptime); scripts/ctl passes any supervisorctl command
	@scripts/ctl status

test: env validate check-content train test-unit test-integration test-nlu test-stories test-handoff ## run every test
	@echo "all tests passed"

web: ## install the front-end packages (npm registry) the pages and browser tests use
	@scripts/ensure-web

env: ## create or update the Python environments (.venv-bot: 3.10, .venv-handoff: 3.11+) from the lock files
	@scripts/ensure-venv $(VENV) bot/requirements.lock 3.10
	@scripts/ensure-venv $(HVENV) handoff/requirements.lock 3.11 3.12 3.13

train: env ## train a model when none exists or data/config changed (Rasa's fingerprint decides)
	@$(RASA) train $(RASA_ARGS) --data $(RASA_DATA) --out models --fixed-model-name breach-assistant

validate: env ## rasa data validate --fail-on-warnings
	@$(RASA) data validate $(RASA_ARGS) --data $(RASA_DATA) --fail-on-warnings

check-content: env ## check incident notices, advice, phrases and responses (fields, languages, plain language)
	@$(PY) -m actions.content.check

test-unit: env ## pytest: actions, content checks, notice codes
	@$(PY) -m pytest tests/unit

test-integration: env train ## pytest against the real Rasa server and action server
	@$(PY) -m pytest tests/integration

test-handoff: env web train ## pytest of the front door and its pages: real Rasa, SQLite, PostgreSQL, Redis, Chromium
	@scripts/ensure-chromium
	@$(HPY) -m pytest -c tests/handoff/pytest.ini --rootdir . tests/handoff

test-nlu: env train ## intent accuracy on the held-out messages (>= 0.85); report on the shared development set
	@$(PY) -m pytest tests/nlu
	@$(PY) -m tests.nlu.evaluate 2>/dev/null

test-stories: env train ## rasa test with the test stories, failing on any prediction error
	@$(RASA) test core --model models/breach-assistant.tar.gz --stories tests/stories \
		--e2e --fail-on-prediction-errors --out results/stories

chat: env ## chat as a customer with the running product in this terminal (LANG=de for German)
	@$(PY) scripts/chat.py --language $(or $(filter de en,$(LANG)),en)

agent: env ## create an agent account for the console: make agent NAME=jana (asks for a password)
	@test -n "$(NAME)" || (echo "usage: make agent NAME=<username>" >&2; exit 2)
	@$(HPY) -m handoff create-agent "$(NAME)"

user: env ## create a console user with a role: make user NAME=olga ROLE=supervisor (agent, supervisor, comms_editor, approver, annotator)
	@test -n "$(NAME)" -a -n "$(ROLE)" || (echo "usage: make user NAME=<username> ROLE=<role>" >&2; exit 2)
	@$(HPY) -m handoff create-user "$(NAME)" --role "$(ROLE)"

bench: env train ## print the bot's training time, latency at 1 and 20 conversations, peak memory
	@$(PY) benchmarks/bot_latency.py

bench-frontdoor: env train ## print turns/s and latency through the front door vs Rasa directly, handoff alert time
	@$(HPY) benchmarks/front_door.py

bench-cpu: env train ## print CPU ms per turn of Rasa, action server and front door (Rasa directly vs through the front door; BEFORE=<commit> adds that commit's front door)
	@$(PY) benchmarks/cpu_per_turn.py $(if $(BEFORE),--before $(BEFORE))
	@$(PY) benchmarks/cpu_per_turn.py --without-validation-patch

bench-privacy: env train ## redaction recall per category, ordinary messages changed, CPU per message; raw values left in the stores after a run (CORPUS=dir)
	@$(HPY) benchmarks/privacy.py $(if $(CORPUS),--corpus $(CORPUS))
	@$(HPY) benchmarks/privacy_stores.py $(if $(CORPUS),--corpus $(CORPUS))

bench-queue: env ## SQL statements and server CPU per request of the console's queue with 500 waiting chats (CHATS=n)
	@$(HPY) benchmarks/console_queue.py $(if $(CHATS),--chats $(CHATS))

bench-capacity: env web train ## highest turns/s with p95 <= 500 ms and nothing degraded, Poisson arrivals, front door vs Rasa direct (ARGS="--baseline" adds the configuration before issue 9)
	@$(HPY) benchmarks/capacity.py $(ARGS)

bench-load: env web train ## closed loop at 20, 100, 200 conversations: turns/s, p50/p95/p99, degraded, lost, front door vs Rasa direct (ARGS="--baseline")
	@$(HPY) benchmarks/closed_loop.py $(ARGS)

bench-faults: env web train ## kill -9 a Rasa, then the action server, during 100 conversations (product as make run starts it): lost, degraded, seconds until answers resume (ARGS="--baseline")
	@$(HPY) benchmarks/faults.py $(ARGS)

bench-activation: env web train ## activate another model during 50 conversations (product as make run starts it): failed and degraded turns, latency, CPU ms per turn before/during/after (ARGS="--conversations 50")
	@$(HPY) benchmarks/activation.py $(ARGS)

lock: ## regenerate bot/ and handoff/requirements.lock from their requirements.in
	@scripts/lock bot
	@scripts/lock handoff

clean: ## remove the environments, models, results and local data (var/)
	rm -rf $(VENV) $(HVENV) models results .rasa var
