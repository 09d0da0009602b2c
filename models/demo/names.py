"""Vietnamese names, units and phrases for believable demo data."""

FAMILY_NAMES = (
    "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Hoàng", "Vũ",
    "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Đào", "Trịnh", "Hà", "Phan",
)
MIDDLE_NAMES_MALE = ("Văn", "Đức", "Minh", "Quang", "Hữu", "Thanh", "Tuấn", "Xuân", "Mạnh")
MIDDLE_NAMES_FEMALE = ("Thị", "Thu", "Ngọc", "Thanh", "Thùy", "Minh", "Phương", "Hồng", "Kim")
GIVEN_NAMES_MALE = (
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khánh", "Long",
    "Nam", "Phong", "Quân", "Sơn", "Thắng", "Toàn", "Trung", "Tuấn", "Việt", "Vinh",
)
GIVEN_NAMES_FEMALE = (
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hoa", "Hương", "Lan", "Linh",
    "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Trang", "Yến",
)
TITLES = (
    "Chuyên viên", "Chuyên viên", "Chuyên viên", "Chuyên viên chính", "Cán sự",
    "Phó Trưởng phòng", "Công chức",
)

#: (code, name, land/construction/investment group)
PROVINCIAL_DEPARTMENTS = (
    ("STP", "Sở Tư pháp", False),
    ("SXD", "Sở Xây dựng", True),
    ("SNNMT", "Sở Nông nghiệp và Môi trường", True),
    ("STC", "Sở Tài chính", True),
    ("SCT", "Sở Công Thương", False),
    ("SYT", "Sở Y tế", False),
    ("SGDDT", "Sở Giáo dục và Đào tạo", False),
    ("SNV", "Sở Nội vụ", False),
    ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch", False),
    ("SKHCN", "Sở Khoa học và Công nghệ", False),
)
#: Units of a commune/ward centre: (code suffix, name prefix, land group)
COMMUNE_UNITS = (
    ("VP", "Văn phòng HĐND và UBND", False),
    ("KT", "Phòng Kinh tế, Hạ tầng và Đô thị", True),
)

#: (code, place, kind, address)
SITES = (
    ("TTPVHCC", "tỉnh Bắc Ninh", "province",
     "Số 10 đường Nguyễn Văn Cừ, phường Kinh Bắc, tỉnh Bắc Ninh"),
    ("KINHBAC", "phường Kinh Bắc", "commune", "Phường Kinh Bắc, tỉnh Bắc Ninh"),
    ("TANYEN", "xã Tân Yên", "commune", "Xã Tân Yên, tỉnh Bắc Ninh"),
)
SITE_NAME = "Trung tâm Phục vụ hành chính công {place}"

COMMENTS_GOOD = (
    "Cán bộ hướng dẫn tận tình, dễ hiểu.",
    "Thủ tục nhanh gọn, cảm ơn chị.",
    "Rất nhiệt tình, lịch sự.",
    "Giải quyết hồ sơ đúng hẹn.",
    "Cán bộ vui vẻ, chu đáo.",
)
COMMENTS_BAD = (
    "Phải chờ quá lâu mới được tiếp nhận.",
    "Hướng dẫn chưa rõ, phải đi lại nhiều lần.",
    "Cán bộ nói chuyện điện thoại khi làm việc.",
    "Yêu cầu bổ sung giấy tờ nhiều lần.",
)
BREACH_KINDS = ("Đi muộn", "Về sớm", "Không đeo thẻ công chức", "Sử dụng điện thoại việc riêng")


def full_name(rng) -> str:
    """Return a Vietnamese full name: family, middle and given name."""
    if rng.random() < 0.55:
        middle, given = MIDDLE_NAMES_FEMALE, GIVEN_NAMES_FEMALE
    else:
        middle, given = MIDDLE_NAMES_MALE, GIVEN_NAMES_MALE
    return f"{rng.choice(FAMILY_NAMES)} {rng.choice(middle)} {rng.choice(given)}"
