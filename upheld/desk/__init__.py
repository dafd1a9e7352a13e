"""The handler's desk (ISO 10002 5.3, 7.3–7.9): where a complaints team works complaints in
the browser. `queues/` lists what is due; `complaint/` is one complaint's page with a form
for every move (built from complaints.moves). Reads through complaints.selectors (they know
the viewer), writes through complaints.lifecycle only."""
