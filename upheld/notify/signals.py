from django.dispatch import Signal

# Sent in its own transaction after a message was accepted by the mail server and recorded
# as sent. A receiver that raises rolls back only its own work; the message stays sent.
message_delivered = Signal()
# Sent, in the transaction that marks it failed, when a message has exhausted its attempts.
message_failed = Signal()
