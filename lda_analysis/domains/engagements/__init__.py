"""Engagements: the engagements of progress of the convention 2024-2027 (article 2: the roadmap, the
actions the State funds, the Métropole's credits, the follow-up) and the proofs the Métropole cites
for those that figures cannot show (tables ``engagements_*``). Each yearly rapport has the
« Tableau de bord des engagements » the Préfet reads before an avenant or a reversement (article 5):
for each engagement, what the year shows and its état, computed by a rule written on the page."""

TITLE = "Engagements de la convention 2024-2027"
