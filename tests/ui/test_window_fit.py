"""Where the station and county windows open: a pure rule of the screen's free area and the
geometry saved last time (no real screen needed)."""

from __future__ import annotations

import pytest

from workstation.ui.window_fit import PREFERRED_SIZE, Placement, Rect, initial_placement

#: Free areas (task bar at the bottom) of common office screens.
SCREEN_1024 = Rect(0, 0, 1024, 728)
SCREEN_1366 = Rect(0, 0, 1366, 728)
SCREEN_1920 = Rect(0, 0, 1920, 1040)


def inside(outer: Rect, inner: Rect) -> bool:
    return outer.contains(inner)


@pytest.mark.parametrize("screen", [SCREEN_1024, SCREEN_1366, Rect(0, 0, 1280, 720)])
def test_small_screens_start_maximised_with_a_normal_size_that_fits(screen: Rect) -> None:
    placement = initial_placement(screen)
    assert placement.maximised
    assert inside(screen, placement.rect)
    assert placement.rect.width <= screen.width and placement.rect.height < screen.height


def test_large_screen_opens_centred_at_the_preferred_size() -> None:
    placement = initial_placement(SCREEN_1920)
    assert placement == Placement(Rect(320, 140, *PREFERRED_SIZE), maximised=False)
    r = placement.rect
    assert r.x + r.width / 2 == SCREEN_1920.width / 2


def test_tall_narrow_screen_is_not_small_but_the_window_still_fits() -> None:
    screen = Rect(0, 0, 1280, 984)  # 1280×1024
    placement = initial_placement(screen)
    assert not placement.maximised
    assert inside(screen, placement.rect)
    assert placement.rect.width < PREFERRED_SIZE[0]


def test_saved_geometry_that_fits_is_restored() -> None:
    saved = Rect(100, 80, 1400, 850)
    assert initial_placement(SCREEN_1920, saved) == Placement(saved, maximised=False)
    assert initial_placement(SCREEN_1920, saved, saved_maximised=True) == Placement(
        saved, maximised=True)


@pytest.mark.parametrize("saved", [
    Rect(100, 80, 1400, 850),       # from a larger screen: wider than 1366
    Rect(900, 40, 800, 600),        # partly off the right edge
    Rect(-700, 100, 800, 600),      # on a second monitor left of this one
    Rect(10, 10, 0, 0),             # nonsense
])
def test_saved_geometry_that_does_not_fit_is_ignored(saved: Rect) -> None:
    placement = initial_placement(SCREEN_1366, saved)
    assert placement.rect != saved
    assert placement.maximised  # 1366×768 is a small screen
    assert inside(SCREEN_1366, placement.rect)


def test_saved_geometry_on_a_second_screen_at_an_offset() -> None:
    second = Rect(1920, 0, 1920, 1040)
    saved = Rect(2000, 100, 1200, 800)
    assert initial_placement(second, saved).rect == saved
    fitted = initial_placement(second, Rect(100, 100, 1200, 800)).rect
    assert inside(second, fitted)
