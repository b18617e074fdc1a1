"""esfproj: validate and summarise plain-text records of EU-funded projects."""

__version__ = "0.1.0"
