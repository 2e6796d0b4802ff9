"""The code's layout, read from the source with `ast`: no import cycles, routes where their name says,
and a search layer that knows no feature."""
from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "champions"
ROUTE_DECORATORS = {"route", "get", "post", "put", "patch", "delete"}


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, Path]:
    return {_name(path): path for path in sorted(ROOT.rglob("*.py"))}


@cache
def _tree(module: str) -> ast.Module:
    return ast.parse(_modules()[module].read_text(encoding="utf-8"))


def _is_package(module: str) -> bool:
    return _modules()[module].name == "__init__.py"


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Ids of import nodes under `if TYPE_CHECKING:`: never run, so never part of a cycle."""
    skipped = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped |= {id(inner) for inner in ast.walk(node)}
    return skipped


def _imported(node: ast.Import | ast.ImportFrom, module: str):
    """The champions modules one import statement names (a `from package import name` names the
    submodule when there is one, else the package)."""
    modules = _modules()
    if isinstance(node, ast.Import):
        names = [alias.name for alias in node.names]
    else:
        base = node.module or ""
        if node.level:
            package = module if _is_package(module) else module.rpartition(".")[0]
            for _ in range(node.level - 1):
                package = package.rpartition(".")[0]
            base = f"{package}.{base}".rstrip(".")
        names = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names]
    for name in names:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        if name:
            yield name


@cache
def _graph() -> dict[str, set[str]]:
    """Module -> the champions modules it imports, at module level or inside functions.

    A module's import of its own package (`from champions.questions import bp`) is left out: the package's
    __init__ creates `bp` first and imports its route modules after, the way Flask blueprints are built.
    """
    graph = {}
    for module in _modules():
        tree = _tree(module)
        skipped = _type_checking_only(tree)
        targets = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in skipped:
                targets |= {t for t in _imported(node, module)
                            if t != module and not (_is_package(t) and module.startswith(t + "."))}
        graph[module] = targets
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle, as a path, through each group of modules that import each other (Tarjan's algorithm);
    when it is removed, the next run shows any other cycle left in the group."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(set(group))

    for module in sorted(graph):
        if module not in index:
            visit(module)
    return [_path_through(graph, group) for group in groups]


def _path_through(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest cycle inside a group of mutually importing modules, first module repeated at the end."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for module in frontier:
            for target in sorted(graph[module] & group):
                if target == start:
                    return paths[module] + [start]
                if target not in paths:
                    paths[target] = paths[module] + [target]
                    following.append(target)
        frontier = following
    return sorted(group)


def _route_modules() -> set[str]:
    """Modules that register routes: `@<blueprint>.route/get/post/...` decorators or add_url_rule calls."""
    found = set()
    for module in _modules():
        for node in ast.walk(_tree(module)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
                    isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) and isinstance(d.func.value, ast.Name)
                    and d.func.attr in ROUTE_DECORATORS for d in node.decorator_list):
                found.add(module)
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add_url_rule":
                found.add(module)
    return found


def test_the_layout_checks_see_the_code():
    """Guard the guards: the walk finds the packages, their imports and their route modules."""
    assert {"champions.questions.views", "champions.search.index", "champions.permissions"} <= set(_modules())
    assert "champions.questions.models" in _graph()["champions.questions.views"]
    assert {"champions.questions.views", "champions.main.views"} <= _route_modules()
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c", "a"]]


def test_no_import_cycles_between_champions_modules():
    """Module-level imports and imports inside functions alike: a cycle means a helper is on the wrong layer."""
    cycles = _cycles(_graph())
    assert not cycles, "import cycles (move the shared part down a layer, or register it):\n" + "\n".join(
        " -> ".join(cycle) for cycle in cycles)


def test_routes_are_registered_only_in_views_modules():
    """A newcomer finds a blueprint's routes in its package's views.py or views_<area>.py, nowhere else."""
    misplaced = sorted(m for m in _route_modules()
                       if not (m.endswith(".views") or m.rpartition(".")[2].startswith("views_")))
    assert not misplaced, f"modules registering routes must be named views.py or views_<area>.py: {misplaced}"


def _declared_modules(package: str) -> set[str]:
    """The modules a feature package lists in MODULES (create_app imports them when it registers `bp`)."""
    for node in _tree(package).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "MODULES" for t in node.targets):
            return {f"{package}.{element.value}" for element in node.value.elts}
    return set()


def test_route_modules_are_listed_by_their_package():
    """Each route module is listed in its package's __init__.py (MODULES, beside `bp`), not imported from
    another module; no module imports at its bottom."""
    problems = []
    for module in sorted(_route_modules()):
        package = module.rpartition(".")[0]
        if module not in _declared_modules(package):
            problems.append(f"{package.replace('.', '/')}/__init__.py does not list {module} in MODULES")
    for module in sorted(_modules()):
        if _is_package(module):
            continue
        body = _tree(module).body
        first_definition = next((i for i, n in enumerate(body)
                                 if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))), len(body))
        late = [n.lineno for n in body[first_definition:] if isinstance(n, (ast.Import, ast.ImportFrom))]
        if late:
            problems.append(f"{module} imports at the bottom (line {late[0]}): import it from the package instead")
    assert not problems, "\n".join(problems)


def test_importing_a_module_runs_no_cycle_through_package_inits():
    """Python runs a package's __init__ before any module in it: `from champions.questions.models import Tag`
    runs champions/questions/__init__.py too. So package inits import nothing of other features at import
    time (their views are listed in MODULES, imported by create_app), and the module-level imports,
    with those package inits, form no cycle: any import order works (a test module importing a
    feature's factories first once met a half-initialised module)."""
    graph = {}
    for module in _modules():
        tree = _tree(module)
        skipped = _type_checking_only(tree)
        targets = set()
        for node in _module_level(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and id(node) not in skipped:
                for target in _imported(node, module):
                    package = target
                    while package != "champions":  # the target and each package above it that runs first
                        if package != module and not module.startswith(package + "."):
                            targets.add(package)
                        package = package.rpartition(".")[0]
        graph[module] = targets
    cycles = _cycles(graph)
    assert not cycles, "import-time cycles through package __init__ files:\n" + "\n".join(
        " -> ".join(cycle) for cycle in cycles)


def test_search_imports_no_feature():
    """Features register with search (SearchType); search never imports a feature package."""
    features = {m for m in _modules() if _is_package(m) and m.count(".") == 1} - {"champions.search"}
    leaks = sorted(f"{module} imports {target}" for module, targets in _graph().items()
                   if module == "champions.search" or module.startswith("champions.search.")
                   for target in targets if any(target == f or target.startswith(f + ".") for f in features))
    assert not leaks, "\n".join(leaks)


def _module_level(tree: ast.Module):
    """Every node run when the module is imported (function bodies left out; decorators kept)."""
    pending = list(tree.body)
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            pending.extend(getattr(node, "decorator_list", []))
        else:
            pending.extend(ast.iter_child_nodes(node))


def test_session_listeners_are_registered_from_create_app():
    """A listener on every database session changes what any save does: it is registered by a function that
    create_app calls (where a reader sees it), never as a side effect of importing a module."""
    found = []
    for module in _modules():
        for node in _module_level(_tree(module)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in ("listen", "listens_for") and node.args
                    and "session" in ast.unparse(node.args[0]).lower()):
                found.append(f"{module}, line {node.lineno}: {ast.unparse(node)}")
    assert not found, "session listeners registered on import:\n" + "\n".join(found)


def test_templates_link_with_url_for_without_guards():
    """A link to a missing page must fail loudly (url_for raises in tests), not disappear behind a guard."""
    templates = Path(__file__).resolve().parent.parent / "templates"
    guarded = sorted(str(path.relative_to(templates)) for path in templates.rglob("*.html")
                     if "has_endpoint(" in path.read_text(encoding="utf-8"))
    assert not guarded, f"templates hiding links behind has_endpoint(): {guarded}"
    assert "has_endpoint" not in (ROOT / "templating.py").read_text(encoding="utf-8")
