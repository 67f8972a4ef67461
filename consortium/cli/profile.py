"""What ``partners show`` prints and ``partners export`` writes of one partner.

Kept apart from the commands so both read the same fields, facilities included: an
exported registry imports back with everything ``show`` displayed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from consortium.partners.model import Partner

EXPORT_FIELDS = ("id", "name", "short_name", "country", "type", "sme", "cluster",
                 "practitioner", "contact", "website", "description", "facilities", "projects",
                 "coordinated")


def export_row(p: Partner) -> list[str]:
    """One registry row in ``EXPORT_FIELDS`` order, readable back by ``partners import``."""
    from consortium.partners.facilities import facilities_text

    return [p.id, p.name, p.short_name, p.country, p.org_type,
            "" if p.sme is None else ("yes" if p.sme else "no"), p.cluster,
            p.practitioner or "none", p.contact, p.website, p.description,
            facilities_text(p.facilities), ";".join(x.id for x in p.projects),
            str(p.coordinated)]


def profile(p: Partner) -> str:
    """Everything a reviewer checks before proposing the partner, with where it was read."""
    from consortium.partners.cordis import capability_text
    from consortium.partners.countries import country_name
    from consortium.partners.orgtypes import portal_label

    sme = {None: "unknown", True: "yes", False: "no"}[p.sme]
    lines = [f"{p.name} ({p.id})", f"  short name:   {p.short_name or '-'}",
             f"  country:      {p.country} {country_name(p.country) if p.country else ''}",
             f"  type:         {p.org_type} ({portal_label(p.org_type)}); SME: {sme}",
             f"  cluster:      {p.cluster or '-'}", f"  practitioner: {p.practitioner or '-'}",
             f"  contact:      {p.contact or '-'}; website: {p.website or '-'}",
             f"  programmes:   {', '.join(p.programmes) or '-'}; "
             f"coordinator of {p.coordinated}", f"  projects ({len(p.projects)}):"]
    for project in p.projects[:30]:
        role = p.role_in(project.id)
        money = f"EUR {role.ec_contribution:,.0f}" if role and role.ec_contribution else ""
        lines.append(f"    {project.acronym or project.id:<16} {project.topic[:34]:<34} "
                     f"{(role.role if role else ''):<12} {project.start_year or '':<5} {money}")
    if len(p.projects) > 30:
        lines.append(f"    ... and {len(p.projects) - 30} more")
    lines.append(f"  facilities ({len(p.facilities)}):" if p.facilities else "  facilities:   -")
    lines.extend(f"    {f.text}" + (f" [{f.location}]" if f.location else "")
                 for f in p.facilities)
    lines.append(f"  capabilities: {capability_text(p, 600) or '-'}")
    lines.append("  sources:")
    lines.extend(f"    {s.file}:{s.row} (imported {s.imported_at})" for s in p.sources)
    return "\n".join(lines)
