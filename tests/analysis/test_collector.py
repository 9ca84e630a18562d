"""The garbage collector is paused during fits and comes back as it was."""
import gc
import threading

from analysis._collector import collector_paused
from analysis.duplicates import find_near_duplicates
from analysis.theme_labels import CtfidfRepresentation
from analysis.themes import ThemeModel


class _Watching(CtfidfRepresentation):
    """The default labels, noting whether the collector runs while the fit asks for them."""

    seen = []

    def represent(self, corpus):
        self.seen.append(gc.isenabled())
        return super().represent(corpus)


def test_a_fit_pauses_the_collector_and_restores_it(sample_ideas):
    assert gc.isenabled()
    ThemeModel(representation=_Watching()).fit(sample_ideas)
    assert _Watching.seen and not any(_Watching.seen)
    assert gc.isenabled()
    find_near_duplicates(sample_ideas)
    assert gc.isenabled()


def test_the_collector_resumes_when_the_last_of_overlapping_fits_ends():
    first_in, second_in, first_out = threading.Event(), threading.Event(), threading.Event()
    states = {}

    def first():
        with collector_paused():
            first_in.set()
            second_in.wait(5)
        first_out.set()

    def second():
        first_in.wait(5)
        with collector_paused():
            second_in.set()
            first_out.wait(5)
            states["after the first ended"] = gc.isenabled()
        states["after both ended"] = gc.isenabled()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert states == {"after the first ended": False, "after both ended": True}


def test_a_disabled_collector_stays_disabled():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
