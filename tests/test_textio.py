import os

import pytest

from transcheck.text.read import InputError, iter_files, load_text


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        load_text(p)
    p.write_text("   \n\n  ")
    with pytest.raises(InputError, match="empty"):
        load_text(p)


def test_binary_file(tmp_path):
    p = tmp_path / "blob.txt"
    p.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(InputError, match="binary"):
        load_text(p)


def test_cp1251_is_decoded_with_a_warning(tmp_path):
    p = tmp_path / "ru.txt"
    text = "Трамп и Путин подтвердили общую цель – уничтожение «Исламского государства».\n" * 3
    p.write_bytes(text.encode("cp1251"))
    loaded = load_text(p)
    assert "Путин" in loaded.text
    assert any("not UTF-8" in w for w in loaded.warnings)


def test_huge_file(tmp_path):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:
        fh.truncate(50 * 1024 * 1024)
    with pytest.raises(InputError, match="too large"):
        load_text(p)


def test_unreadable_file(tmp_path, monkeypatch):
    p = tmp_path / "secret.txt"
    p.write_text("Some text that nobody may read.")
    real_open = open

    def deny(path, *a, **k):
        if str(path) == str(p):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *a, **k)

    monkeypatch.setattr("builtins.open", deny)
    with pytest.raises(InputError, match="permission denied"):
        load_text(p)


def test_symlink_loop_and_dangling_link(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    os.symlink(b, a)
    os.symlink(a, b)
    with pytest.raises(InputError, match="loop"):
        load_text(a)
    d = tmp_path / "dangling.txt"
    os.symlink(tmp_path / "nowhere", d)
    with pytest.raises(InputError, match="no such file"):
        load_text(d)


def test_directory_link_loop_is_not_followed(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "x.txt").write_text("A sentence.")
    os.symlink(tmp_path, tmp_path / "sub" / "loop")
    files = list(iter_files(tmp_path))
    assert files == [str(tmp_path / "sub" / "x.txt")]


def test_hostile_html_keeps_article_text_only(tmp_path):
    p = tmp_path / "page.html"
    p.write_text(
        "<html><head><script>alert('pwned')</script><style>p{}</style></head><body>"
        "<article><h1>Leaders meet in Hamburg</h1><p>The two presidents met on Friday for two hours "
        "and discussed the war in Syria at length.</p><p>They agreed on a ceasefire in the south west "
        "of the country, officials said.</p><img src=x onerror=alert(1)></article></body></html>"
    )
    loaded = load_text(p)
    assert "presidents met on Friday" in loaded.text
    assert "alert" not in loaded.text and "<" not in loaded.text


def test_html_without_article_text(tmp_path):
    p = tmp_path / "empty.html"
    p.write_text("<html><body><script>var x = 1;</script></body></html>")
    with pytest.raises(InputError):
        load_text(p)
