"""The improvement pages on the desk (ISO 10002 8.7, 5.3): root causes, actions and external
bodies' decisions for the complaints manager; read-only for top management and auditors;
a handler's own actions for a handler. Thin: selectors read, actions write."""
