"""An in-memory file tree: the content of one studio or one teamspace drive."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Blob:
    data: bytes
    mtime: float


def norm(path: str) -> str:
    """`/a//b/./c/` -> `a/b/c`; `..` segments are refused by raising ValueError."""
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if ".." in parts:
        raise ValueError(f"path {path!r} escapes its root")
    return "/".join(parts)


@dataclass
class FileTree:
    files: dict[str, Blob] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=set)

    def write(self, path: str, data: bytes, mtime: float) -> None:
        key = norm(path)
        if not key:
            raise ValueError("a file needs a name")
        self.files[key] = Blob(data, mtime)
        parent = key.rpartition("/")[0]
        while parent:
            self.dirs.add(parent)
            parent = parent.rpartition("/")[0]

    def read(self, path: str) -> bytes | None:
        blob = self.files.get(norm(path))
        return None if blob is None else blob.data

    def is_dir(self, path: str) -> bool:
        key = norm(path)
        return key == "" or key in self.dirs

    def mkdir(self, path: str) -> None:
        key = norm(path)
        while key:
            self.dirs.add(key)
            key = key.rpartition("/")[0]

    def delete(self, path: str) -> bool:
        key = norm(path)
        if key in self.files:
            del self.files[key]
            return True
        if key in self.dirs:
            prefix = key + "/"
            for name in [f for f in self.files if f.startswith(prefix)]:
                del self.files[name]
            self.dirs = {d for d in self.dirs if d != key and not d.startswith(prefix)}
            return True
        return False

    def entries(self, path: str, recursive: bool = False) -> list[tuple[str, str, int]]:
        """(path, "blob"|"tree", size) below `path`, sorted; paths relative to the root."""
        key = norm(path)
        prefix = f"{key}/" if key else ""
        out: dict[str, tuple[str, str, int]] = {}
        for name, blob in self.files.items():
            if not name.startswith(prefix):
                continue
            rest = name[len(prefix) :]
            if recursive or "/" not in rest:
                out[name] = (name, "blob", len(blob.data))
        for d in self.dirs:
            if not d.startswith(prefix) or d == key:
                continue
            rest = d[len(prefix) :]
            if recursive or "/" not in rest:
                out[d] = (d, "tree", 0)
        return [out[k] for k in sorted(out)]

    def size(self) -> int:
        return sum(len(b.data) for b in self.files.values())

    def copy(self) -> FileTree:
        return FileTree({k: Blob(v.data, v.mtime) for k, v in self.files.items()}, set(self.dirs))
