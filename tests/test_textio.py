import os

import pytest

from transcheck.text.read import InputError, decode_bytes, iter_files, load_text


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


BODY = "The minister spoke on Monday in Brussels. Prices rose 3% in May, a café owner said.\n" * 30


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_decoded_with_a_warning(tmp_path, codec):
    p = tmp_path / "utf16.txt"
    p.write_bytes(BODY.encode(codec))  # no byte order mark
    loaded = load_text(p)
    assert loaded.text == BODY and loaded.encoding == "utf-16"
    assert loaded.warnings == [f"no byte order mark: decoded as {codec.upper()}"]
    text, _, warnings = decode_bytes(BODY.encode(codec) + b"x")  # an odd last byte
    assert text == BODY + "\ufffd" and "odd last byte" in warnings[0]


def test_nuls_without_the_utf16_pattern_are_still_binary(tmp_path):
    p = tmp_path / "png.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    with pytest.raises(InputError, match="binary"):
        load_text(p)
    p.write_bytes(b"abc\x00def\x00\x00gh" * 100)  # NULs, but not in every second byte
    with pytest.raises(InputError, match="binary"):
        load_text(p)


def test_mostly_utf8_with_stray_latin1_bytes_is_utf8_with_replacement():
    data = BODY.encode("utf-8") + b"caf\xe9 cr\xe8me\n" + BODY.encode("utf-8")
    text, encoding, warnings = decode_bytes(data)
    assert encoding == "utf-8"
    assert text == BODY + "caf\ufffd cr\ufffdme\n" + BODY  # one U+FFFD a byte, the rest intact
    assert warnings == ["mostly UTF-8: 2 invalid byte(s) replaced by U+FFFD"]
    text, encoding, warnings = decode_bytes(BODY.encode() + b"\xed\xa0\x80")  # an encoded lone surrogate
    assert encoding == "utf-8" and text == BODY + "\ufffd" * 3 and "3 invalid byte(s)" in warnings[0]


@pytest.mark.parametrize("body, codec, words", [
    ("Путин и Трамп встретились на полях саммита АТЭС во Вьетнаме. " * 8, "cp1251", "Путин"),
    ("Le président a été élu à Paris. Sa mère l'a félicité, déçue mais ravie. " * 8, "latin-1", "été élu"),
])
def test_single_byte_files_are_still_guessed(body, codec, words):
    text, encoding, warnings = decode_bytes(body.encode(codec))
    assert encoding != "utf-8" and warnings[0].startswith("not UTF-8: decoded as")  # charset-normalizer, as before
    assert words in text


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


def test_fifo_and_device_are_not_opened(tmp_path):
    os.mkfifo(tmp_path / "fifo.txt")  # opening it would block
    with pytest.raises(InputError, match="not a regular file \\(a FIFO\\)"):
        load_text(tmp_path / "fifo.txt")
    os.symlink("/dev/zero", tmp_path / "zero.txt")  # reading it would never end
    with pytest.raises(InputError, match="not a regular file \\(a device\\)"):
        load_text(tmp_path / "zero.txt")


@pytest.mark.parametrize("data", [b"\xfe\xff\x00", b"\x1f" + b" " * 20,
                                  b"<html><body><article><SCRIPT></SCRIPT>\x1f</article></body></html>"])
def test_only_replacement_characters_is_no_text(tmp_path, data):
    p = tmp_path / ("x.html" if data.startswith(b"<") else "x.txt")
    p.write_bytes(data)
    with pytest.raises(InputError, match="no text: only undecodable bytes"):
        load_text(p)
