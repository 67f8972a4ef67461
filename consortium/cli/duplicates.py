"""What ``partners import`` and ``partners duplicates`` print of near-duplicate names."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from consortium.text import count

if TYPE_CHECKING:
    from consortium.partners.store import Registry


def report_duplicates(store: Registry, shown: int = 10,
                       among: set[str] | None = None) -> None:
    """The first pairs and the command listing all; that command shows every pair.
    After an import (``among``: the imported partners' identity keys) only pairs with
    an imported partner are looked for."""
    from consortium.partners.duplicates import store_duplicates

    found, size = store_duplicates(store, among=among)
    listing_all = shown >= len(found)
    if not found:
        if listing_all:
            scope = "the imported partners and " if among is not None else ""
            click.echo(f"No near-duplicate names among {scope}the {count(size, 'partner')} "
                       f"in {store.path}.")
        return
    advice = ("refer to each by its id; fix the name in the source file and import it again "
              "to change it" if listing_all else
              "list them all with 'consortium partners duplicates'")
    which = "with the imported partners" if among is not None else "in the store"
    click.echo(f"{count(len(found), 'pair')} of near-duplicate names {which} (not merged; "
               f"{advice}):")
    for pair in found[:shown]:
        click.echo(f"  {pair.line()}")
    if len(found) > shown:
        click.echo(f"  ... and {len(found) - shown} more")
