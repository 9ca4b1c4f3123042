"""Imports run one way: down the layers below, and never round in a circle.

Every module of our apps (project_apps(), so cpboard/board and cpboard/actions are checked the day they are
installed) and of the wiring in cpboard/ is parsed with `ast`: module-level imports and imports inside
functions, `from x import y` (y may be a module) and `import x.y`, relative imports too. String imports
(`include("app.urls")`, `import_string`, dotted paths in settings or AppConfig attributes) are not imports
here: they are how the wiring and core reach apps without depending on them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

from cpboard.core.apps import project_apps

REPO = Path(__file__).resolve().parents[1]

# Each app's layer. A new app must be added here (the test says so), which makes someone decide where it sits.
THEME_APPS = {"performance", "pledge", "visits", "training", "actions"}
LAYER_OF_APP = {"core": "core", "accounts": "accounts", "board": "board"} | {
    app: "theme" for app in THEME_APPS
}

# The wiring: it puts the apps together, so it may import any of them (urls.py their urls and views).
WIRING = {"cpboard", "cpboard.settings", "cpboard.urls", "cpboard.wsgi", "cpboard.asgi"}
# The database connection (cpboard/db/: DATABASE_URL or the embedded server, and its backend) sits under
# everything: core's backup commands use it, and it imports nothing of ours.
DATABASE = "cpboard.db"

# What each layer may import of ours, and why. (Django and third-party packages are not checked.)
#
# | layer    | may import                                                  | why
# | core     | core                                                        | the shared platform under every app: if it
# |          |                                                             | used an app, no app could be changed alone
# | accounts | core, accounts                                              | people and sign-in, which every theme app
# |          |                                                             | uses; it builds on core only
# | theme    | core, accounts, itself, other theme apps' models / services | an app may use another's data and rules,
# |          | (<app>.models, <app>.services and modules inside them)      | never its views, forms, templates or
# |          |                                                             | helpers: each app's screens stay its own
# | board    | anything of ours (each app's <app>.packs section functions) | board packs gather every app's section
# | wiring   | anything of ours                                            | settings, URLs, WSGI/ASGI
# | database | nothing of ours; anyone may import it                      | how to reach PostgreSQL (cpboard/db/)
#
# And two rules for everyone: nothing imports board (it is the top), and no app imports the wiring (an app
# reads settings through django.conf.settings).
SHARED_WITH_OTHER_THEME_APPS = {"models", "services"}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module, e.g. "cpboard.core.ratelimit"
    target: str  # the imported module of ours, e.g. "cpboard.accounts.models"
    where: str  # "cpboard/core/ratelimit.py:36"
    in_function: bool
    type_checking_only: bool


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def our_modules() -> dict[str, Path]:
    """Every module of our apps and of the wiring, by dotted name."""
    files = [REPO / "cpboard" / f"{name}.py" for name in ("__init__", "settings", "urls", "wsgi", "asgi")]
    files.extend((REPO / "cpboard" / "db").rglob("*.py"))
    for config in project_apps():
        files.extend(Path(config.path).rglob("*.py"))
    return {_module_name(path): path for path in files if path.exists()}


def app_of(module: str) -> str:
    """The app label a module belongs to ("wiring" for cpboard's own files)."""
    if module in WIRING:
        return "wiring"
    if module == DATABASE or module.startswith(DATABASE + "."):
        return "database"
    best = max(
        (
            config
            for config in project_apps()
            if module == config.name or module.startswith(config.name + ".")
        ),
        key=lambda config: len(config.name),
    )
    return best.label


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _resolve(name: str, modules: dict[str, Path]) -> str | None:
    """The longest module of ours that `name` names or is inside (a name imported from a module -> the module)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> list[Import]:
    found: list[Import] = []
    is_package = path.name == "__init__.py"

    def add(name: str, node: ast.Import | ast.ImportFrom, in_function: bool, type_checking: bool) -> None:
        target = _resolve(name, modules)
        if target is not None and target != module:
            shown = path.relative_to(REPO) if path.is_relative_to(REPO) else path.name
            where = f"{shown}:{node.lineno}"
            found.append(Import(module, target, where, in_function, type_checking))

    def visit(node: ast.AST, in_function: bool, type_checking: bool) -> None:
        if isinstance(node, ast.Import):
            for alias in node.names:
                add(alias.name, node, in_function, type_checking)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: from . import x, from ..core import y
                package = module if is_package else module.rpartition(".")[0]
                for _ in range(node.level - 1):
                    package = package.rpartition(".")[0]
                base = f"{package}.{node.module}" if node.module else package
            else:
                base = node.module or ""
            for alias in node.names:
                # `from x import y`: y is a module of ours (x.y) or a name defined in x.
                add(
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base,
                    node,
                    in_function,
                    type_checking,
                )
        inner_function = in_function or isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda)
        inner_type_checking = type_checking or (isinstance(node, ast.If) and _is_type_checking(node))
        for child in ast.iter_child_nodes(node):
            visit(child, inner_function, inner_type_checking)

    visit(ast.parse(path.read_text(), filename=str(path)), False, False)
    return list(dict.fromkeys(found))  # `from x import a, b` is one import of x


def all_imports() -> list[Import]:
    modules = our_modules()
    return [found for module, path in sorted(modules.items()) for found in imports_of(module, path, modules)]


def why_forbidden(found: Import) -> str | None:
    """None if the import runs the right way, else the rule it breaks."""
    source_app, target_app = app_of(found.source), app_of(found.target)
    if source_app == target_app:
        return None
    source_layer = source_app if source_app in {"wiring", "database"} else LAYER_OF_APP[source_app]
    target_layer = target_app if target_app in {"wiring", "database"} else LAYER_OF_APP[target_app]
    if source_layer == "database":
        return "the database layer imports nothing of ours"
    if target_layer == "database":
        return None
    if source_layer == "wiring":
        return None
    if target_layer == "wiring":
        return "no app imports the wiring (use django.conf.settings)"
    if target_layer == "board":
        return "nothing imports board: it is the top layer"
    if source_layer == "board":
        return None
    if source_layer == "core":
        return "core imports no other app of ours"
    if source_layer == "accounts":
        return None if target_layer == "core" else "accounts imports only core"
    # a theme app
    if target_layer in {"core", "accounts"}:
        return None
    target_config = next(c for c in project_apps() if c.label == target_app)
    inside = found.target[len(target_config.name) + 1 :].split(".")[0]
    if inside in SHARED_WITH_OTHER_THEME_APPS:
        return None
    return f"a theme app uses another theme app's models or services only, not {target_app}'s {inside or 'package'}"


def cycles(imports: list[Import]) -> list[list[str]]:
    """Every group of modules that import each other round in a circle (strongly connected components of
    more than one module; Tarjan's algorithm). Imports under `if TYPE_CHECKING:` never run, so they are left out."""
    graph: dict[str, set[str]] = {}
    for found in imports:
        if not found.type_checking_only:
            graph.setdefault(found.source, set()).add(found.target)
            graph.setdefault(found.target, set())
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in sorted(graph[node]):
            if successor not in index:
                connect(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(groups)


def _describe(found: Import) -> str:
    how = " (inside a function)" if found.in_function else ""
    return f"{found.where}: {found.source} imports {found.target}{how}"


def test_every_app_has_a_layer():
    unplaced = [c.label for c in project_apps() if c.label not in LAYER_OF_APP]
    assert unplaced == [], f"Add these apps to LAYER_OF_APP in {Path(__file__).name}: {unplaced}"


def test_every_app_is_parsed():
    modules = our_modules()
    assert {"cpboard.core.ratelimit", "cpboard.accounts.views", "performance.views.dashboard"} <= set(modules)
    assert not any("site-packages" in str(path) for path in modules.values())


def test_imports_run_down_the_layers():
    offenders = [
        f"{_describe(found)}: {reason}" for found in all_imports() if (reason := why_forbidden(found))
    ]
    assert offenders == [], "Imports against the direction in the layer table:\n" + "\n".join(offenders)


def test_no_import_cycles_between_our_modules():
    imports = all_imports()
    report = []
    for group in cycles(imports):
        members = set(group)
        report.append(" <-> ".join(group))
        report.extend(
            f"    {_describe(found)}"
            for found in imports
            if found.source in members and found.target in members and not found.type_checking_only
        )
    assert report == [], (
        "Modules that import each other (even from inside a function, which only hides the cycle). "
        "Move what both need into a third module:\n" + "\n".join(report)
    )


def test_the_checker_itself_sees_each_kind_of_import(tmp_path):
    """The parser sees function-level, `from x import module`, `import x.y` and relative imports."""
    modules = our_modules()
    source = tmp_path / "probe.py"
    source.write_text(
        "import cpboard.accounts.models\n"
        "from cpboard.core import roles\n"
        "from ..accounts.views import login\n"
        "def later():\n"
        "    from performance.views.dashboard import dashboard\n"
    )
    found = imports_of("cpboard.core.probe", source, modules | {"cpboard.core.probe": source})
    assert [(f.target, f.in_function) for f in found] == [
        ("cpboard.accounts.models", False),
        ("cpboard.core.roles", False),
        ("cpboard.accounts.views", False),
        ("performance.views.dashboard", True),
    ]
    reasons = [why_forbidden(f) for f in found]
    assert reasons == [
        "core imports no other app of ours",
        None,
        "core imports no other app of ours",
        "core imports no other app of ours",
    ]
