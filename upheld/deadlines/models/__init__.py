from .calendar import Calendar
from .clock import Clock, ClockAlert
from .objective import Objective
from .profile import ClockRule, Profile

__all__ = ["Calendar", "Clock", "ClockAlert", "ClockRule", "Objective", "Profile"]
