"""A complaint's reference in a desk URL. `new` is never one: /desk/complaints/new/ is
staff entry (intake), and /desk/complaints/new/<anything>/ must not open a complaint
called "new"."""


class ReferenceConverter:
    regex = r"(?!new(?:/|$))[A-Za-z0-9][A-Za-z0-9._-]{0,31}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        if value == "new":
            raise ValueError("'new' is not a complaint's reference")
        return value
