"""Six valid block files just under 1 MB each (a long comment): the folder's 5 MB budget
ends the load at the sixth, before it is read."""


def prepare(content, out):
    block = (content / "blocks" / "aftercare.yaml").read_text()
    for index in range(6):
        text = "# " + "word " * 190_000 + "\n" + block.replace("id: aftercare", f"id: big{index}")
        (content / "blocks" / f"big{index}.yaml").write_text(text)
