"""Officer photo uploads: checked, decoded, re-encoded and resized; liars refused."""

import io

import pytest
from PIL import Image
from sqlalchemy import select

from admin.people.photos import MAX_PHOTO_BYTES, STORED_SIZE, PhotoRejected, normalise_photo
from models import AuditEntry, Officer


def picture(fmt="PNG", size=(1200, 1600), exif=False) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    if exif:
        info = Image.Exif()
        info[0x010E] = "secret description"  # ImageDescription
        image.save(out, format=fmt, exif=info)
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def test_a_photo_is_re_encoded_as_a_small_jpeg_without_metadata():
    stored = normalise_photo("me.jpg", picture("JPEG", exif=True))
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.width <= STORED_SIZE[0] and image.height <= STORED_SIZE[1]
        assert not image.getexif()


@pytest.mark.parametrize("name, data, code", [
    ("me.jpg", b"", "empty"),
    ("me.jpg", b"\xff\xd8" + b"0" * MAX_PHOTO_BYTES, "too_large"),
    ("me.gif", picture("GIF"), "wrong_type"),
    ("me.exe", b"MZ\x90\x00", "wrong_type"),
    ("me.jpg", b"<html><script>alert(1)</script></html>", "not_an_image"),
    ("me.png", picture("GIF"), "not_an_image"),  # a GIF dressed up as a PNG
    ("me.jpg", picture("JPEG")[:200], "not_an_image"),  # a truncated picture
])
def test_bad_uploads_are_refused(name, data, code):
    with pytest.raises(PhotoRejected) as refused:
        normalise_photo(name, data)
    assert refused.value.code == code


def test_a_picture_with_too_many_pixels_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr("admin.people.photos.MAX_PIXELS", 100 * 100)
    with pytest.raises(PhotoRejected) as refused:
        normalise_photo("big.png", picture(size=(200, 200)))
    assert refused.value.code == "too_many_pixels"


def upload(client, officer_id, name, data, content_type="image/jpeg"):
    return client.post(f"/admin/officers/{officer_id}/photo",
                       data={"photo": (io.BytesIO(data), name, content_type)},
                       content_type="multipart/form-data")


def test_the_console_stores_the_photo_and_serves_it(client, login, db, make_officer):
    officer = make_officer()
    db.commit()
    login("admin")
    assert upload(client, officer.id, "face.png", picture()).status_code == 302
    served = client.get(f"/admin/officers/{officer.id}/photo.jpg")
    assert served.status_code == 200 and served.content_type == "image/jpeg"
    assert served.data.startswith(b"\xff\xd8")
    assert db.scalar(select(AuditEntry.action).where(AuditEntry.action == "officer.photo"))


#: A small limit in the console tests, so the test client keeps uploads in memory.
SMALL_LIMIT = 64 * 1024


@pytest.mark.parametrize("name, data, message", [
    ("face.jpg", b"\xff\xd8" + b"0" * (SMALL_LIMIT + 10), "Ảnh quá lớn: tối đa 5 MB"),
    ("notes.txt", b"hello", "Vui lòng tải lên ảnh JPEG, PNG hoặc WebP"),
    ("face.jpg", b"#!/bin/sh\nrm -rf /\n", "Tệp này không phải ảnh đọc được"),
])
def test_the_console_explains_a_refused_photo(client, login, db, make_officer, name, data,
                                              message, monkeypatch):
    monkeypatch.setattr("admin.people.photos.MAX_PHOTO_BYTES", SMALL_LIMIT)
    monkeypatch.setattr("admin.people.officer_tools.MAX_PHOTO_BYTES", SMALL_LIMIT)
    officer = make_officer()
    db.commit()
    login("admin")
    response = upload(client, officer.id, name, data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    db.expire_all()
    assert db.scalar(select(Officer.photo_updated_at).where(Officer.id == officer.id)) is None


def test_a_request_larger_than_the_server_limit_gets_a_clear_413(client, login, db,
                                                                make_officer, app):
    officer = make_officer()
    db.commit()
    login("admin")
    response = client.post(f"/admin/officers/{officer.id}/photo",
                           data=b"0" * (app.config["MAX_CONTENT_LENGTH"] + 1),
                           content_type="application/octet-stream")
    assert response.status_code == 413
    assert "vượt quá dung lượng cho phép" in response.get_data(as_text=True)


def test_the_jpeg_comment_segment_is_not_kept():
    image = Image.new("RGB", (640, 800), (10, 120, 200))
    out = io.BytesIO()
    image.save(out, format="JPEG", comment=b"GPS 21.03N 105.85E, phone 0912345678")
    uploaded = out.getvalue()
    assert b"\xff\xfe" in uploaded and b"0912345678" in uploaded
    stored = normalise_photo("me.jpg", uploaded)
    assert b"0912345678" not in stored and b"\xff\xfe" not in stored
    with Image.open(io.BytesIO(stored)) as reopened:
        assert "comment" not in reopened.info
