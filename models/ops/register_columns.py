"""The register's fields, the headers each is known by, and the presets of known layouts.

A mapping says which header of a source's file holds each field. The presets are the
official register (Mẫu 06 of TT 01/2018/TT-VPCP; Mẫu 07 of TT 03/2025/TT-VPCP) and a sample
vendor export; "auto" tries every known header. A centre saves its own mapping when its
export names columns otherwise (models.register.RegisterMapping). Fields a file does not
have are unknown, never zero.
"""

from dataclasses import dataclass

from tabular import Column


@dataclass(frozen=True)
class Field:
    """A register field: its name, labels, the headers it is known by, whether required."""

    name: str
    label_vi: str
    label_en: str
    aliases: tuple[str, ...]
    required: bool = False


FIELDS = (
    Field("code", "Mã hồ sơ", "Dossier code",
          ("mã hồ sơ", "số hồ sơ", "mã số hồ sơ", "số biên nhận", "mã biên nhận",
           "dossier code"), required=True),
    Field("procedure", "Tên thủ tục hành chính", "Procedure",
          ("tên tthc", "tên thủ tục", "tên thủ tục hành chính", "thủ tục",
           "thủ tục hành chính")),
    Field("field", "Lĩnh vực", "Field", ("lĩnh vực", "lĩnh vực giải quyết")),
    Field("lead_agency", "Cơ quan chủ trì giải quyết", "Agency in charge",
          ("cơ quan chủ trì", "cơ quan chủ trì giải quyết", "cơ quan giải quyết",
           "đơn vị giải quyết", "đơn vị chủ trì")),
    Field("officer", "Nhận hồ sơ của (công chức tiếp nhận)", "Receiving officer (name or code)",
          ("nhận hồ sơ của", "người tiếp nhận", "cán bộ tiếp nhận", "công chức tiếp nhận",
           "người nhận hồ sơ", "cán bộ nhận hồ sơ", "người tiếp nhận hồ sơ")),
    Field("officer_code", "Mã công chức tiếp nhận", "Receiving officer's code",
          ("mã cán bộ tiếp nhận", "mã người tiếp nhận", "mã công chức tiếp nhận",
           "mã cán bộ", "tài khoản tiếp nhận")),
    Field("contact", "Địa chỉ, số điện thoại", "Address, phone",
          ("địa chỉ số điện thoại", "địa chỉ điện thoại", "địa chỉ liên hệ")),
    Field("applicant_phone", "Số điện thoại", "Applicant's phone",
          ("số điện thoại", "điện thoại", "sđt", "số điện thoại người nộp",
           "điện thoại liên hệ")),
    Field("applicant_id", "Số giấy tờ tùy thân (CCCD)", "Applicant's ID number",
          ("số giấy tờ", "cccd", "số cccd", "số định danh", "số định danh cá nhân", "cmnd",
           "số cmnd", "cmnd cccd", "số cmnd cccd", "số giấy tờ tùy thân")),
    Field("received_on", "Ngày nhận hồ sơ", "Received on",
          ("ngày nhận hồ sơ", "ngày tiếp nhận", "ngày nhận", "nhận hồ sơ ngày",
           "ngày giờ nhận hồ sơ", "thời gian tiếp nhận"), required=True),
    Field("due_on", "Ngày hẹn trả kết quả", "Due on",
          ("ngày hẹn trả kết quả", "hẹn trả kết quả", "ngày hẹn trả", "hẹn trả",
           "hẹn trả kết quả ngày", "ngày hẹn"), required=True),
    Field("transferred_on", "Ngày chuyển hồ sơ", "Transferred on",
          ("ngày chuyển", "ngày chuyển hồ sơ", "chuyển hồ sơ đến cơ quan giải quyết",
           "chuyển hồ sơ", "chuyển hồ sơ ngày")),
    Field("resolved_on", "Ngày có kết quả", "Result ready on",
          ("ngày có kết quả", "ngày có kết quả giải quyết", "có kết quả",
           "nhận kết quả từ cơ quan giải quyết", "ngày hoàn thành", "ngày giải quyết xong",
           "ngày nhận kết quả")),
    Field("returned_on", "Ngày trả kết quả", "Returned on",
          ("ngày trả kết quả", "trả kết quả", "ngày trả", "trả kết quả ngày",
           "trả kết quả cho cá nhân tổ chức", "ngày trả kết quả cho cá nhân tổ chức")),
    Field("channel", "Hình thức nộp", "Submitted by",
          ("hình thức nộp", "hình thức tiếp nhận", "kênh nộp", "hình thức nộp hồ sơ")),
    Field("return_channel", "Hình thức nhận kết quả", "Result handed back by",
          ("hình thức nhận kết quả", "hình thức trả kết quả", "nhận kết quả qua")),
    Field("digitised", "Số hóa", "Digitised",
          ("số hóa", "đã số hóa", "số hóa hồ sơ", "số hóa kết quả")),
    Field("supplement_requests", "Yêu cầu bổ sung", "Requests for more papers",
          ("yêu cầu bổ sung", "số lần yêu cầu bổ sung", "bổ sung hồ sơ",
           "yêu cầu bổ sung hồ sơ")),
    Field("apology", "Gia hạn, xin lỗi", "Extended with an apology",
          ("gia hạn xin lỗi", "xin lỗi", "phiếu xin lỗi", "gia hạn", "xin lỗi hẹn lại")),
    Field("quality_failed", "Không đạt chất lượng", "Quality failure",
          ("không đạt chất lượng", "lỗi chất lượng", "khiếu nại có căn cứ")),
)
BY_NAME = {f.name: f for f in FIELDS}
OFFICER_FIELDS = ("officer", "officer_code")

#: Known layouts: field → headers as they print them. "auto" tries every known header.
PRESETS = {
    "mau06": ("Mẫu 06, TT 01/2018/TT-VPCP (sổ theo dõi hồ sơ)", {
        "code": ["Mã hồ sơ"], "procedure": ["Tên TTHC"], "field": ["Lĩnh vực"],
        "contact": ["Địa chỉ, số điện thoại"], "lead_agency": ["Cơ quan chủ trì giải quyết"],
        "officer": ["Nhận hồ sơ của"], "received_on": ["Ngày nhận hồ sơ"],
        "due_on": ["Ngày hẹn trả kết quả"], "transferred_on": ["Ngày chuyển"],
        "resolved_on": ["Ngày có kết quả"], "returned_on": ["Ngày trả kết quả"]}),
    "mau07": ("Mẫu 07, TT 03/2025/TT-VPCP (sổ theo dõi hồ sơ)", {
        "code": ["Mã hồ sơ", "Số hồ sơ"], "procedure": ["Tên thủ tục hành chính", "Tên TTHC"],
        "field": ["Lĩnh vực"], "contact": ["Địa chỉ, số điện thoại"],
        "lead_agency": ["Cơ quan chủ trì giải quyết"], "officer": ["Nhận hồ sơ của"],
        "received_on": ["Ngày nhận hồ sơ", "Ngày, giờ nhận hồ sơ"],
        "due_on": ["Ngày hẹn trả kết quả"], "transferred_on": ["Ngày chuyển"],
        "resolved_on": ["Ngày có kết quả"], "returned_on": ["Ngày trả kết quả"]}),
    "vendor": ("Mẫu xuất của phần mềm một cửa (ví dụ)", {
        "code": ["Mã hồ sơ"], "procedure": ["Thủ tục"], "field": ["Lĩnh vực"],
        "applicant_phone": ["Số điện thoại"], "applicant_id": ["Số CCCD"],
        "officer_code": ["Mã cán bộ tiếp nhận"], "officer": ["Cán bộ tiếp nhận"],
        "received_on": ["Ngày tiếp nhận"], "due_on": ["Ngày hẹn trả"],
        "resolved_on": ["Ngày có kết quả"], "returned_on": ["Ngày trả kết quả"],
        "channel": ["Hình thức nộp"], "return_channel": ["Hình thức nhận kết quả"],
        "digitised": ["Số hóa"], "supplement_requests": ["Số lần yêu cầu bổ sung"],
        "apology": ["Gia hạn, xin lỗi"], "quality_failed": ["Không đạt chất lượng"]}),
}
AUTO = "auto"


def auto_columns() -> tuple[Column, ...]:
    """Return every field with every header it is known by."""
    return tuple(Column(f.name, f.aliases, f.required) for f in FIELDS)


def mapping_columns(mapping: dict[str, list[str]]) -> tuple[Column, ...]:
    """Return the columns of a mapping ({field: [headers]}); unknown fields are left out.

    A required field the mapping does not name is still looked for by its known headers.
    """
    columns = []
    for f in FIELDS:
        headers = tuple(h for h in mapping.get(f.name, ()) if h and h.strip())
        if headers:
            columns.append(Column(f.name, headers, f.required))
        elif f.required:
            columns.append(Column(f.name, f.aliases, True))
    return tuple(columns)


def preset_columns(name: str) -> tuple[Column, ...]:
    """Return the columns of a preset by name ("auto" included).

    :raises KeyError: for an unknown preset.
    """
    if name == AUTO:
        return auto_columns()
    return mapping_columns(PRESETS[name][1])
