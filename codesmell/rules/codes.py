"""The diagnostic code table: the long-method finding, one code per metric and tier.

CSM100 (warning) / CSM200 (critical) is the one long-method finding per function,
carrying the combined verdict of `codesmell.rules.verdict`; it is what runs by
default. The per-metric hard limits are CSM1xx warning and CSM2xx critical with
the same last two digits (CSM101-108 / CSM201-208), opt-in through `select` /
`extend-select`. CSM3xx are the architecture gate's findings (drift of the module
graph against the baseline or the base commit); CSM9xx are files that could not
be analysed.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    metric: str
    suffix: str  # the two digits shared by the warning and the critical code
    title: str
    why: str

    @property
    def warning_code(self) -> str:
        return f"CSM1{self.suffix}"

    @property
    def critical_code(self) -> str:
        return f"CSM2{self.suffix}"


RULES: tuple[Rule, ...] = (
    Rule("sloc", "01", "long function", "too many source lines to hold in working memory"),
    Rule("cyclomatic", "02", "complex function", "too many independent paths to test"),
    Rule("cognitive", "03", "hard-to-read function", "nested and broken control flow"),
    Rule("statements", "04", "too many statements", "does too many things"),
    Rule("locals", "05", "too many local variables", "more state than working memory holds"),
    Rule("params", "06", "too many parameters", "several concerns behind one signature"),
    Rule("logic_blocks", "07", "too many logic blocks", "many control structures in one body"),
    Rule("max_nesting", "08", "too deeply nested", "deep nesting hides the main path"),
)

RULES_BY_METRIC = {rule.metric: rule for rule in RULES}

# radon's measures, computed only when [tool.codesmell.halstead] is enabled, and off in
# `check` by default like every per-metric limit (`extend-select = ["CSM109", "CSM110"]`).
HALSTEAD_VOLUME = Rule("halstead_volume", "09", "large Halstead volume",
                       "many distinct operators and operands: much to read, by Halstead's measure")
MAINTAINABILITY = Rule("maintainability", "10", "low maintainability index",
                       "radon's maintainability index of the module (volume, complexity, size, comments) is low")
RADON_RULES: tuple[Rule, ...] = (HALSTEAD_VOLUME, MAINTAINABILITY)

LONG_METHOD_WARNING = "CSM100"
LONG_METHOD_CRITICAL = "CSM200"
LONG_METHOD_METRIC = "long_method"  # Finding.metric (and baseline key) of CSM100/CSM200
LONG_METHOD_WHY = "too long or too tangled to hold in working memory, judged on size, shape, concerns and complexity together"

# What `select` is when nobody configures it: the long-method finding, the architecture
# gate family (CSM3xx) and the file errors; not the per-metric hard limits.
DEFAULT_SELECT: tuple[str, ...] = (LONG_METHOD_WARNING, LONG_METHOD_CRITICAL, "CSM3", "CSM9")

# The architecture gate (`codesmell.rules.gate`, `[tool.codesmell.gate]`): code -> (gate key, title, why).
NEW_CYCLE = "CSM301"
NEW_COMMUNITY_EDGE = "CSM302"
COMMUNITY_EDGE_GROWTH = "CSM303"
MOVED_MODULE = "CSM304"
LOW_MODULARITY = "CSM305"
MODULARITY_DROP = "CSM306"
ARCHITECTURE_CODES: dict[str, tuple[str, str, str]] = {
    NEW_CYCLE: ("no-new-cycles", "new import cycle",
                "an import closes a cycle of modules the reference did not have (or grows one it had)"),
    NEW_COMMUNITY_EDGE: ("no-new-community-edges", "new dependency between communities",
                         "an import joins two communities of modules that were independent"),
    COMMUNITY_EDGE_GROWTH: ("max-community-edge-growth", "growing dependency between communities",
                            "the imports from one community into another grew by more than the allowed ratio"),
    MOVED_MODULE: ("no-moved-modules", "module moved to another community",
                   "the module now clusters with another community than the one it belonged to"),
    LOW_MODULARITY: ("min-modularity", "modularity below the minimum",
                     "the module graph's communities are less separated than the configured minimum"),
    MODULARITY_DROP: ("max-modularity-drop", "modularity dropped",
                      "the module graph's communities became less separated than in the reference"),
}

# Files that could not be analysed. Kept here, free of LibCST, so a warm run that
# reads only the cache never imports the parser.
SYNTAX_ERROR = "CSM901"
DECODE_ERROR = "CSM902"
NULL_BYTES = "CSM903"
TOO_DEEP = "CSM904"
READ_ERROR = "CSM905"
PARSER_LIMIT = "CSM906"  # the running Python accepts the file, LibCST cannot parse it
NOTEBOOK_ERROR = "CSM907"  # an .ipynb that is not a readable notebook (not JSON, no cells)
INTERNAL_ERROR = "CSM999"

FILE_ERROR_CODES: dict[str, str] = {
    "CSM901": "syntax error: the file is not valid Python 3 (Python 2 files land here)",
    "CSM902": "the file cannot be decoded (bad bytes for its declared or default encoding)",
    "CSM903": "the file contains null bytes (a binary file named .py)",
    "CSM904": "nesting too deep for the parser or the visitor (recursion limit)",
    "CSM905": "the file cannot be read (permissions, broken link, link loop, I/O error)",
    "CSM906": "valid Python the parser cannot read (LibCST does not support the construct); ignorable by config",
    "CSM907": "a .ipynb file that is not a readable Jupyter notebook (not JSON, or no list of cells)",
    "CSM999": "internal error while analysing the file (please report it)",
}
