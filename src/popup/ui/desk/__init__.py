"""The circulation desk screens: checkout, return, in-house use."""
