"""Fiches actions: the sheets of the new actions of plan 2 (FA 5 adaptée, 17 to 24) printed in the
annexes, the budget of sheet 22 and the PPSMJ statistics attached to it (tables ``fiches_*``)."""

TITLE = "Nouvelles fiches actions du plan 2"
