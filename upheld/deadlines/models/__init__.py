from .calendar import Calendar, Calendars
from .clock import Clock, ClockAlert
from .objective import Objective
from .profile import ClockRule, Profile

__all__ = ["Calendar", "Calendars", "Clock", "ClockAlert", "ClockRule", "Objective", "Profile"]
