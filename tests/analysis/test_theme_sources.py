"""A codebook's keys are theme ids: one that shows nothing, or that holds a character that shows
nothing, would name a theme no one can see or type again (``"jobs"`` and ``"jobs\\u200b"`` look alike)."""
import json

import pytest

from analysis.io import InputError
from analysis.theme_sources import read_codebook


def write(tmp_path, keys: list[str], suffix: str):
    path = tmp_path / f"codebook{suffix}"
    if suffix == ".json":
        path.write_text(json.dumps({"themes": [{"key": key, "label": f"Code {key}"} for key in keys]}), encoding="utf-8")
    else:
        path.write_text("key,label\n" + "".join(f'"{key}",Code\n' for key in keys), encoding="utf-8")
    return path


@pytest.mark.parametrize("suffix", [".json", ".csv"])
@pytest.mark.parametrize("key, named", [("\u200b", "U+200B"), ("\u202e\u2066", "U+202E"), ("\ufeff \u200d", "U+FEFF"),
                                        ("jobs\u200b", "U+200B"), ("fund\u202eing", "U+202E"), ("a\u3164", "U+3164")])
def test_a_key_with_invisible_characters_is_refused_naming_its_entry(tmp_path, suffix, key, named):
    with pytest.raises(InputError) as error:
        read_codebook(write(tmp_path, ["funding", key], suffix))
    message = str(error.value)
    assert "codebook entry 2" in message and named in message


@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_visible_keys_in_any_script_are_read(tmp_path, suffix):
    keys = ["funding", "accès_emploi", "عمل", "就业 2"]
    assert [code.key for code in read_codebook(write(tmp_path, keys, suffix))] == keys
