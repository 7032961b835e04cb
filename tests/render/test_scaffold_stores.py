"""The generated repo's deployed store code against real servers, offline.

`src/common/stores.py` of a generated repo is imported as deployed code runs it, with the
environment the generated template.yaml gives the function (its intrinsics resolved to the
local servers' names): DynamoDB and S3 on moto's server (a real HTTP server checking
signatures), PostgreSQL on the local server (127.0.0.1:5432, trust auth) in a database of
the test's own. Nothing is mocked: a record written through a store is read back through
it and seen by an independent client of the same server.
"""

from __future__ import annotations

import importlib.util
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import psycopg
import pytest
from psycopg import sql

from advisor.engine import evaluate
from advisor.render.scaffold import scaffold_files
from tests.cfn import load_template
from tests.conftest import load_workload, preset_answers
from tests.s3_server import CREDENTIALS, REGION, MotoServer

PG_URL = os.environ.get("ADVISOR_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
ACCOUNT_ID = "123456789012"
# The store code's settings; every test starts with none of them set.
STORE_VARIABLES = (
    "TABLE_NAME",
    "DATA_BUCKET_NAME",
    "CONNECTIONS_TABLE_NAME",
    "DB_ENDPOINT",
    "DB_NAME",
    "DB_USER",
    "DB_SSLMODE",
    "AWS_REGION",
)


def _variant(**changes: Any) -> dict:
    return {**preset_answers("api-for-a-mobile-app"), **changes}


# store -> (answers, the function whose template environment the store runs with, kind,
# the variables the store needs, each of which the template must give that function).
CASES: dict[str, tuple[dict, str, str, tuple[str, ...]]] = {
    "dynamodb": (_variant(data_store="key_value"), "ApiHandler", "records", ("TABLE_NAME",)),
    "s3": (_variant(data_store="object"), "ApiHandler", "records", ("DATA_BUCKET_NAME",)),
    "postgresql": (
        _variant(data_store="relational"),
        "ApiHandler",
        "records",
        ("DB_ENDPOINT", "DB_NAME", "DB_USER"),
    ),
    "connections": (
        preset_answers("real-time-chat"),
        "WsConnect",
        "connections",
        ("CONNECTIONS_TABLE_NAME",),
    ),
}


@pytest.fixture(scope="module")
def repos(tmp_path_factory) -> dict[str, Path]:
    """One generated repo per store (and one without a data store), written to disk."""
    answers = {store: case[0] for store, case in CASES.items()}
    answers["none"] = _variant(data_store="none")
    root = tmp_path_factory.mktemp("store-repos")
    written = {}
    for store, case_answers in answers.items():
        workload = load_workload(case_answers)
        # The Python stack's stores, whatever runtime the answers name (the chat is Node.js,
        # whose TypeScript stores have their own test).
        for relative, content in scaffold_files(
            workload=workload, assessment=evaluate(workload), stack="sam-python"
        ).items():
            path = root / store / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        written[store] = root / store
    return written


@pytest.fixture(scope="module")
def moto(tmp_path_factory) -> Iterator[MotoServer]:
    server = MotoServer(tmp_path_factory.mktemp("moto")).start()
    yield server
    server.stop()


def _postgres_requested() -> bool:
    flags = (os.environ.get("CI", ""), os.environ.get("ADVISOR_TEST_PRODUCTION_STACK", ""))
    return any(flag.strip().lower() in {"1", "true", "yes"} for flag in flags)


@pytest.fixture(scope="module")
def database() -> Iterator[str]:
    """A database of this module's own on the local PostgreSQL, dropped afterwards. Without
    a server the tests skip, unless CI=true (or ADVISOR_TEST_PRODUCTION_STACK=1) asked for
    it: then they fail."""
    try:
        admin = psycopg.connect(f"{PG_URL}/test", autocommit=True, connect_timeout=3)
    except psycopg.OperationalError as error:
        if _postgres_requested():
            pytest.fail(f"PostgreSQL at {PG_URL} is required under CI: {error}")
        pytest.skip(f"no PostgreSQL at {PG_URL} (CI=true makes this a failure): {error}")
    name = f"stores_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        yield name
        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def _admin(database: str) -> psycopg.Connection:
    return psycopg.connect(f"{PG_URL}/{database}", autocommit=True)


def _load_stores(repo: Path) -> ModuleType:
    """The repo's src/common/stores.py as a fresh module: no store made yet, as at a cold
    start."""
    spec = importlib.util.spec_from_file_location(
        f"generated_stores_{uuid.uuid4().hex}", repo / "src" / "common" / "stores.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _function_environment(repo: Path, function: str) -> dict[str, Any]:
    template = load_template((repo / "template.yaml").read_bytes())
    return template["Resources"][function]["Properties"]["Environment"]["Variables"]


def _resolved(value: Any, names: dict[str, str]) -> str:
    """A template value with the intrinsics the stack's environment variables use (Ref,
    GetAtt, Sub) resolved against `names`; a name the test did not provide is a KeyError."""
    if isinstance(value, str):
        return value
    ((function, argument),) = value.items()
    if function == "Ref":
        return names[argument]
    if function == "Fn::GetAtt":
        return names[".".join(argument)]
    if function == "Fn::Sub":
        return re.sub(r"\$\{([^}]+)\}", lambda found: names[found.group(1)], argument)
    raise AssertionError(f"unexpected intrinsic {function} in an environment variable")


def _aws(moto: MotoServer, service: str) -> Any:
    return boto3.client(
        service,
        endpoint_url=moto.url,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )


def _create_table(moto: MotoServer, template: dict, logical_id: str) -> str:
    """The template's table (its key schema as written there) on moto, under a new name."""
    properties = template["Resources"][logical_id]["Properties"]
    name = f"{logical_id}-{uuid.uuid4().hex[:8]}"
    _aws(moto, "dynamodb").create_table(
        TableName=name,
        AttributeDefinitions=properties["AttributeDefinitions"],
        KeySchema=properties["KeySchema"],
        BillingMode=properties["BillingMode"],
    )
    return name


def _local_names(store: str, repo: Path, moto: MotoServer, request) -> dict[str, str]:
    """What each resource the function's environment names is called on the local servers."""
    template = load_template((repo / "template.yaml").read_bytes())
    names = {
        "ProjectSlug": template["Parameters"]["ProjectSlug"]["Default"],
        "Environment": "dev",
        "AWS::AccountId": ACCOUNT_ID,
        "AWS::Region": REGION,
    }
    if store == "dynamodb":
        names["AppTable"] = _create_table(moto, template, "AppTable")
    if store == "connections":
        names["ConnectionsTable"] = _create_table(moto, template, "ConnectionsTable")
    if store == "postgresql":
        names["DbProxy.Endpoint"] = "127.0.0.1"
        request.getfixturevalue("database")
    return names


@pytest.fixture
def deployed(store, repos, moto, request, monkeypatch) -> ModuleType:
    """The store module with the environment template.yaml gives the function, pointed at
    the local servers; for PostgreSQL, the local user and database stand in for the
    template's (the token is still signed and sent; trust auth ignores it)."""
    answers, function, kind, needed = CASES[store]
    repo = repos[store]
    for name in STORE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    environment = _function_environment(repo, function)
    assert set(needed) <= set(environment), f"template.yaml does not give {function} {needed}"
    names = _local_names(store, repo, moto, request)
    for name, value in environment.items():
        monkeypatch.setenv(name, _resolved(value, names))
    if store == "s3":
        _aws(moto, "s3").create_bucket(Bucket=os.environ["DATA_BUCKET_NAME"])
    if store == "postgresql":
        monkeypatch.setenv("DB_NAME", request.getfixturevalue("database"))
        monkeypatch.setenv("DB_USER", urlsplit(PG_URL).username or "postgres")
        monkeypatch.setenv("DB_SSLMODE", "disable")  # the local server has no TLS
    monkeypatch.setenv("AWS_REGION", REGION)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto.url)
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    return _load_stores(repo)


def _as_the_server_holds_it(store: str, moto: MotoServer, database: str | None, key: str):
    """The record as an independent client of the server reads it."""
    if store in ("dynamodb", "connections"):
        table = os.environ["TABLE_NAME" if store == "dynamodb" else "CONNECTIONS_TABLE_NAME"]
        items = _aws(moto, "dynamodb").scan(TableName=table)["Items"]
        return [item for item in items if key in {value.get("S") for value in item.values()}]
    if store == "s3":
        bucket = os.environ["DATA_BUCKET_NAME"]
        listed = _aws(moto, "s3").list_objects_v2(Bucket=bucket).get("Contents", [])
        return [item["Key"] for item in listed if item["Key"].endswith(key)]
    with _admin(database) as admin:
        return admin.execute("SELECT body FROM records WHERE key = %s", (key,)).fetchall()


@pytest.mark.parametrize("store", list(CASES))
def test_a_record_written_through_the_deployed_store_is_read_back_the_same(
    store, deployed, moto, request
):
    # given
    kind = CASES[store][2]
    key = f"item#{uuid.uuid4().hex[:8]}"
    record = {"id": key, "name": "Widget · ünïcode", "quantity": 3, "tags": ["a", "b"]}

    # when
    deployed.default_store(kind).put(key, record)
    read = deployed.default_store(kind).get(key)

    # then
    database = request.getfixturevalue("database") if store == "postgresql" else None
    assert read == record
    assert len(_as_the_server_holds_it(store, moto, database, key)) == 1
    assert deployed.default_store(kind).get("item#never-written") is None
    deployed.default_store(kind).delete(key)
    assert deployed.default_store(kind).get(key) is None


def _connections(database: str) -> set[int]:
    with _admin(database) as admin:
        rows = admin.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
            (database,),
        ).fetchall()
    return {pid for (pid,) in rows}


@pytest.mark.parametrize("store", ["postgresql"])
def test_one_connection_serves_every_invocation_and_a_closed_one_is_opened_again(
    store, deployed, database
):
    # given: three invocations of one execution environment (other tests' environments
    # may still hold connections of their own)
    others = _connections(database)
    records = deployed.default_store("records")
    for number in range(3):
        records.put(f"run#{number}", {"number": number})
    (first,) = _connections(database) - others

    # when: the proxy closes the connection while the environment is frozen
    with _admin(database) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (first,))

    # then: the next invocation reads through a new connection, and only one is open
    assert records.get("run#2") == {"number": 2}
    (second,) = _connections(database) - others
    assert second != first


@pytest.mark.parametrize("store", ["postgresql"])
def test_the_password_is_an_iam_token_signed_for_the_proxy_and_the_user(store, deployed):
    # given
    connect = deployed.iam_connector()

    # when
    with connect() as connection:
        token = connection.info.password

    # then: a presigned rds-db connect request for this host, port and user, 15 minutes
    host, _, query = token.partition("/?")
    signed = parse_qs(query)
    assert host == f"127.0.0.1:{deployed.DB_PORT}"
    assert signed["Action"] == ["connect"]
    assert signed["DBUser"] == [os.environ["DB_USER"]]
    assert signed["X-Amz-Credential"][0].endswith(f"/{REGION}/rds-db/aws4_request")
    assert signed["X-Amz-Expires"] == ["900"]
    assert signed["X-Amz-Signature"][0]


@pytest.mark.parametrize("store", ["postgresql"])
def test_by_default_the_token_only_goes_to_a_server_proving_who_it_is_over_tls(
    store, deployed, monkeypatch
):
    # given: the deployed default (no DB_SSLMODE), and a server without TLS
    monkeypatch.delenv("DB_SSLMODE")

    # when / then
    with pytest.raises(psycopg.OperationalError, match="SSL"):
        deployed.default_store("records").get("anything")


MISSING = [(store, name) for store, case in CASES.items() for name in case[3]]


@pytest.mark.parametrize(("store", "missing"), MISSING)
def test_deployed_code_without_a_store_setting_stops_with_the_variables_name(
    store, missing, deployed, monkeypatch
):
    # given
    monkeypatch.delenv(missing)

    # when
    with pytest.raises(deployed.MissingSettingError) as raised:
        deployed.default_store(CASES[store][2])

    # then
    assert f"environment variable {missing} is not set" in str(raised.value)


def test_a_design_without_a_data_store_says_so_instead_of_keeping_records_in_memory(repos):
    # given
    stores = _load_stores(repos["none"])

    # when
    with pytest.raises(stores.MissingSettingError) as raised:
        stores.default_store("records").put("k", {"a": 1})

    # then
    assert "without a data store" in str(raised.value)
    assert "MemoryStore" not in (repos["none"] / "src" / "common" / "stores.py").read_text()
