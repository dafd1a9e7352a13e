from django.dispatch import Signal

# Sent (inside the delivering transaction) after a message was accepted by the mail server.
message_delivered = Signal()
# Sent when a message has exhausted its attempts and is marked failed.
message_failed = Signal()
