"""Narrowing a list of officers by site and department, and the choices a filter offers."""


def filter_choices(officers, scope):
    """Return the sites and departments a filter may offer, as sorted (id, name) pairs."""
    visible = [o for o in officers if scope is None or o.department_id in scope]
    sites = sorted({(o.site_id, o.site_name) for o in visible}, key=lambda p: p[1])
    departments = sorted({(o.department_id, o.department_name) for o in visible},
                         key=lambda p: p[1])
    return sites, departments


def filtered_officers(officers, scope, site_id, department_id):
    return [o for o in officers
            if (scope is None or o.department_id in scope)
            and (site_id is None or o.site_id == site_id)
            and (department_id is None or o.department_id == department_id)]
