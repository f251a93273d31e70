print("chapter 12")
