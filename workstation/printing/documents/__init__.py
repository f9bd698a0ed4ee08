"""Every printable document. Importing this package registers them all (see ``registry``).

One module per family; a module registers its documents at import time with ``register``.
"""

from . import (  # noqa: F401
    aid,
    consultation,
    guidance,
    mediation,
    mediation_casefile,
    mediation_file,
    rating_slip,
    receipts,
    work_order,
)
