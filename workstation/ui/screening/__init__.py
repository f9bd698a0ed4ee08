"""The dispute screening register (矛盾纠纷排查) widgets."""
