"""Allow ``python -m itsmlint``.

``-m`` puts the current folder first on ``sys.path``, and the current folder
is usually the checkout being linted: a module or a ``*.dist-info`` there
would then be imported in place of the real one. The entry is dropped before
anything else is imported, so that only installed code runs.
"""

import sys

from itsmlint.entry import main, without_current_folder

without_current_folder(sys.path)
main()
