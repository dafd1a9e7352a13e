from upheld.desk.complaint.tests.conftest import cast, complaint_in, hidden  # noqa: F401
from upheld.letters.tests.conftest import decided, letterhead  # noqa: F401
