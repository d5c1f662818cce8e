# -*- Python -*-
# lit configuration for the eyeriss-mlir tests.

import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "EYERISS"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".onnxtext", ".test"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.eyeriss_obj_root, "test")
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py", "unit",
                   "Inputs"]

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%eyeriss_src_root", config.eyeriss_src_root))
# Debian's interpreter, which sees python3-onnx/numpy/torch.
config.substitutions.append(("%python", config.python_executable))

llvm_config.with_system_environment(["HOME", "INCLUDE", "LIB", "TMP", "TEMP"])
llvm_config.use_default_substitutions()

# FileCheck, not, count, split-file come from Debian's LLVM 22.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
tool_dirs = [config.eyeriss_tools_dir, config.llvm_tools_dir]
tools = [ToolSubst("eyeriss-opt", unresolved="fatal"),
         ToolSubst("eyeriss-compile", unresolved="fatal"),
         ToolSubst("eyeriss-translate", unresolved="fatal"),
         ToolSubst("eyeriss-run", unresolved="fatal")]
llvm_config.add_tool_substitutions(tools, tool_dirs)
