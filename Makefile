# The two commands of the README:
#   make site   install, then build the example site (website and posters) into public/
#   make test   install (with test tools), then run the whole test suite
.PHONY: site test serve

site:
	./scripts/setup.sh
	.venv/bin/noticeboard build

test:
	./scripts/setup.sh test
	./scripts/install-test-deps.sh
	.venv/bin/python -m pytest -n 2

serve:
	./scripts/setup.sh
	.venv/bin/noticeboard serve
