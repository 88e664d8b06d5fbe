"""Territoire: §1.18 to §3.3 of the rapport (other actions, partnership dynamics, the overall review
and the plan's place in the territory's policies), tables ``territoire_*``."""

TITLE = "Autres actions, dynamique partenariale, bilan global"
