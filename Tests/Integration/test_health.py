"""Operations endpoints through nginx, over HTTP and HTTPS."""
import pytest
import requests


def database_ok(body: dict) -> bool:
    db = body.get("database")
    if isinstance(db, dict):
        db = db.get("status")
    return db == "ok"


@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
def test_healthz_checks_database(stack, tls):
    r = stack.get("/healthz", tls=tls)
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("application/json")
    body = r.json()
    assert database_ok(body), body


@pytest.mark.parametrize("tls", [False, True], ids=["http", "https"])
def test_livez(stack, tls):
    r = stack.get("/livez", tls=tls)
    assert r.status_code == 200, r.text


def test_https_uses_the_local_ca(stack):
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(stack.url("/livez", tls=True), timeout=10, verify=True)


def test_metrics_prometheus_text(stack):
    stack.get("/healthz")  # make sure at least one request has been counted
    r = stack.get("/metrics")
    assert r.status_code == 200, r.text
    assert r.headers["Content-Type"].startswith("text/plain")
    assert "granary_http_requests_total" in r.text
    assert "granary_http_request_duration_seconds_bucket" in r.text


def test_unknown_route_is_404(stack):
    r = stack.get("/no/such/route")
    assert r.status_code == 404
