import Plotting
print("Cairo \(PlottingVersion.cairo)")
