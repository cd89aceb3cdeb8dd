from __future__ import annotations

from lightning_ai_mcp.emulator.filetree import FileTree
from lightning_ai_mcp.emulator.machines import find_machine
from lightning_ai_mcp.emulator.shell import Shell


def shell(machine: str = "cpu-4") -> Shell:
    files = FileTree()
    files.write("main.py", b"print('Hello, Lightning World!')\n", 0)
    files.write("data/train.csv", b"x,y\n1,2\n", 0)
    return Shell(files, find_machine(machine), {"PROJECT": "demo"}, now=0)


def test_echo_and_pwd_run_in_the_studio_home() -> None:
    run = shell().run("echo hello $PROJECT; pwd")
    assert (run.output, run.exit_code) == ("hello demo\n/teamspace/studios/this_studio\n", 0)


def test_ls_and_cat_read_the_studio_files() -> None:
    sh = shell()
    assert sh.run("ls").output == "data\nmain.py\n"
    assert sh.run("cat data/train.csv").output == "x,y\n1,2\n"
    missing = sh.run("cat nope.txt")
    assert missing.exit_code == 1 and "No such file" in missing.output


def test_python_version_and_print_only_scripts() -> None:
    assert shell().run("python --version").output == "Python 3.12.11\n"
    assert shell().run("python main.py").output == "Hello, Lightning World!\n"


def test_nvidia_smi_matches_the_machine() -> None:
    listed = shell("lit-h100-8").run("nvidia-smi -L").output.splitlines()
    assert len(listed) == 8 and all("H100" in line for line in listed)
    on_cpu = shell("cpu-4").run("nvidia-smi")
    assert on_cpu.exit_code == 127


def test_sleep_consumes_simulated_time_and_output_appears_over_time() -> None:
    run = shell().run("echo start; sleep 30; echo end")
    assert run.duration == 30
    assert run.output_at(10) == "start\n"
    assert run.output_at(30) == "start\nend\n"


def test_exit_stops_the_script_with_its_code() -> None:
    run = shell().run("echo a; exit 3; echo b")
    assert (run.output, run.exit_code) == ("a\n", 3)


def test_pipelines_and_conditionals() -> None:
    sh = shell()
    assert sh.run("cat data/train.csv | grep 1 | wc -l").output == "1\n"
    assert sh.run("false && echo no || echo yes").output == "yes\n"
    assert sh.run("echo saved > out.txt; cat out.txt").output == "saved\n"


def test_unknown_commands_are_not_found_and_never_run_on_the_host() -> None:
    run = shell().run("rm -rf / --no-preserve-root; curl https://example.com")
    assert run.exit_code == 127
    assert "curl: command not found" in run.output
