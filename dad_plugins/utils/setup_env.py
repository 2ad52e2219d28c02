"""Registration of every module and the default scope, for use outside the Runner."""

from mmengine.registry import DefaultScope


def register_all_modules(init_default_scope: bool = True) -> None:
    """Import every module that registers a part, and make ``dad_plugins`` the default scope.

    The Runner does this by itself from ``default_scope`` in the config; scripts and tests that
    build parts directly call this first (as mmaction2's ``register_all_modules``).

    Args:
        init_default_scope (bool): Set the default scope to ``dad_plugins`` when it is unset or
            another one. Defaults to True.
    """
    import dad_plugins.datasets  # noqa: F401
    import dad_plugins.engine  # noqa: F401
    import dad_plugins.evaluation  # noqa: F401
    import dad_plugins.models  # noqa: F401
    import dad_plugins.structures  # noqa: F401
    import dad_plugins.visualization  # noqa: F401

    if init_default_scope:
        current = DefaultScope.get_current_instance()
        if current is None or current.scope_name != 'dad_plugins':
            DefaultScope.get_instance(
                f'dad_plugins-{id(register_all_modules)}', scope_name='dad_plugins'
            )
