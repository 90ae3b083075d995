"""The pamphlet's premium tables (section 8), transcribed independently of knowledge/facts.yaml.

Tests compare the bot's answers with this second transcription, and the fact file with the
section text itself, so a typo in either place fails a test.
"""

PLANS = ("H1", "H2", "H3", "H4", "H5", "H6", "H7")

LIMITS = {  # plan: (損害賠償, 事故対応特別費用)
    "H1": (10_000_000, 5_000_000),
    "H2": (30_000_000, 5_000_000),
    "H3": (50_000_000, 10_000_000),
    "H4": (100_000_000, 30_000_000),
    "H5": (200_000_000, 30_000_000),
    "H6": (100_000_000, 50_000_000),
    "H7": (200_000_000, 50_000_000),
}

CLINIC = dict(zip(PLANS, (27_200, 31_840, 39_820, 51_800, 56_500, 62_890, 67_650)))

HOSPITAL = {
    30: dict(zip(PLANS, (55_690, 65_150, 102_220, 164_120, 176_680, 196_540, 211_430))),
    50: dict(zip(PLANS, (78_410, 91_730, 143_930, 231_070, 248_760, 276_710, 297_680))),
    100: dict(zip(PLANS, (103_540, 121_130, 190_060, 305_130, 328_490, 365_400, 393_090))),
}

CARE = {
    30: dict(zip(PLANS, (30_710, 35_830, 57_080, 90_280, 97_110, 108_120, 116_180))),
    50: dict(zip(PLANS, (43_240, 50_450, 80_370, 127_110, 136_720, 152_220, 163_580))),
    100: dict(zip(PLANS, (57_100, 66_620, 106_130, 167_850, 180_540, 201_010, 216_010))),
}


def all_cells() -> list[tuple[str, int | None, str, int]]:
    """(facility, size, plan, premium) for all 49 printed cells."""
    cells = [("clinic", None, plan, yen) for plan, yen in CLINIC.items()]
    for facility, table in (("hospital", HOSPITAL), ("care", CARE)):
        for size, row in table.items():
            cells.extend((facility, size, plan, yen) for plan, yen in row.items())
    return cells
