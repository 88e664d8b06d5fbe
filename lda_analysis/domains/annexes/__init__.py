"""Annexes: the ODH / SIAO / SNE figures presented at the Plan LDA 2 workshop, the survey « Le
logement et moi », the workshop of 15 May 2024 and the list of annexes (tables ``annexes_*``)."""

TITLE = "Annexes : données ODH, SIAO, SNE, enquête, atelier"
