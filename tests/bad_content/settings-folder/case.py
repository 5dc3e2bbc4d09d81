"""settings.yaml as a folder was silently ignored."""


def prepare(content, out):
    (content / "settings.yaml").mkdir()
