#!/usr/bin/env bash
# Install what Granary needs to build, run and test on Debian 12, and nothing when all of it is
# already there (no `apt-get update` either, so a second `make run` stays fast and offline).
set -euo pipefail

APT_PACKAGES=(
    libfcgi-dev libfcgi-bin libmariadb-dev libssl-dev libcurl4-openssl-dev zlib1g-dev mariadb-server nginx openssl pkg-config
    # The Maven client tests: mvn and the plugins a jar project's `deploy` and `dependency:get`
    # run (Debian ships mvn without them; they resolve from /usr/share/maven-repo, no Central).
    maven libmaven-deploy-plugin-java libmaven-install-plugin-java libmaven-resources-plugin-java libmaven-compiler-plugin-java
    libmaven-jar-plugin-java libsurefire-java libmaven-dependency-plugin-java
    # The Gradle client tests: Debian's Gradle 4.4.1 resolves from and (through wagon-http, from
    # /usr/share/maven-repo) uploads to a Maven repository.
    gradle libwagon-http-java
    # The NuGet client tests: Debian's nuget 2.8.7 (v2 feeds only) on mono 6.8; ca-certificates-mono
    # (a Recommends, so named) brings cert-sync, which makes mono trust the stack's CA per HOME.
    nuget ca-certificates-mono
)
# Installed only when `npm` is missing (Debian 12 has neither; the package-manager tests drive npm).
NODE_APT_PACKAGES=(nodejs npm)
# "python-module:pip-package" (or just the name when both are the same). Tests use pytest +
# requests; boto3 and the aws CLI drive the CodeArtifact API; twine, build, setuptools and wheel
# build and upload the PyPI client tests' distributions; pypiserver is the benchmark's reference.
PY_MODULES=(pytest requests boto3 awscli twine build setuptools wheel pypiserver)
# Passed along with any install so that pip's resolver keeps them: awscli v1 pins docutils, which
# twine's newest readme-renderer would otherwise upgrade past it.
PIP_PINS=("docutils>=0.18.1,<=0.19")

log() { printf 'install-deps: %s\n' "$*" >&2; }

missing_apt_packages() {
    local pkg status
    for pkg in "${APT_PACKAGES[@]}"; do
        status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
        [[ "$status" == installed ]] || printf '%s\n' "$pkg"
    done
    # nodejs/npm may come from elsewhere than Debian (nodesource, nvm): only a missing `npm` counts.
    command -v npm >/dev/null 2>&1 && return 0
    for pkg in "${NODE_APT_PACKAGES[@]}"; do
        status="$(dpkg-query -W -f='${db:Status-Status}' "$pkg" 2>/dev/null || true)"
        [[ "$status" == installed ]] || printf '%s\n' "$pkg"
    done
}

install_apt() {
    local missing
    mapfile -t missing < <(missing_apt_packages)
    ((${#missing[@]} == 0)) && return 0
    command -v apt-get >/dev/null || { log "apt-get not found; install: ${missing[*]}"; exit 1; }
    local sudo=()
    ((EUID == 0)) || sudo=(sudo)
    log "installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Prints the pip package of every PY_MODULES entry whose module python3 cannot import.
missing_py_modules() {
    python3 - "${PY_MODULES[@]}" <<'EOF'
import importlib.util, sys
for entry in sys.argv[1:]:
    module, _, package = entry.partition(":")
    if importlib.util.find_spec(module) is None:
        print(package or module)
EOF
}

install_pip() {
    local missing
    command -v python3 >/dev/null || { log "python3 not found"; exit 1; }
    mapfile -t missing < <(missing_py_modules)
    ((${#missing[@]} == 0)) && return 0
    log "installing Python packages: ${missing[*]}"
    if ! python3 -m pip --version >/dev/null 2>&1; then
        install_apt_extra python3-pip
    fi
    python3 -m pip install -q --disable-pip-version-check "${missing[@]}" "${PIP_PINS[@]}" ||
        python3 -m pip install -q --disable-pip-version-check --break-system-packages "${missing[@]}" "${PIP_PINS[@]}"
}

install_apt_extra() {
    local sudo=()
    ((EUID == 0)) || sudo=(sudo)
    export DEBIAN_FRONTEND=noninteractive
    "${sudo[@]}" apt-get update -qq
    "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

install_apt
install_pip
